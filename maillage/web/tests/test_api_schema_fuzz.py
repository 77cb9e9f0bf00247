"""The OpenAPI schema, the docs page, and schemathesis fuzzing every operation against the schema.

Schemathesis generates requests from the schema drf-spectacular builds from our views, sends them
to the WSGI application as an agency administrator (bearer token) and checks that no answer is a
server error and that every answer is documented and matches its documented schema.
"""

import os
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from maillage.accounts.models import Role
from maillage.accounts.services import create_api_token
from maillage.directory.models import Agency
from maillage.factories import AgencyFactory
from maillage.policy.viewer import Viewer
from maillage.wsgi import application

OPERATIONS = {
    ("GET", "/api/v1/me/"),
    ("GET", "/api/v1/agencies/"),
    ("GET", "/api/v1/agencies/{agency_id}/"),
    ("PATCH", "/api/v1/agencies/{agency_id}/"),
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded for the suite; raise it for a longer hunt, e.g. MAILLAGE_FUZZ_EXAMPLES=1000 (also random then).
FUZZ_EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "40"))
EDITABLE = ("name", "department_code", "municipality", "email", "phone", "version")

# --- the schema and the docs ------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_is_openapi_3_listing_our_operations(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert operations == OPERATIONS
    assert {op["operationId"] for item in document["paths"].values() for op in item.values()} == {
        "me",
        "agencies_list",
        "agencies_retrieve",
        "agencies_partial_update",
    }
    bearer = document["components"]["securitySchemes"]["bearerToken"]
    assert (bearer["type"], bearer["scheme"]) == ("http", "bearer")
    assert all({"bearerToken": []} in op["security"] for item in document["paths"].values() for op in item.values())
    patch = document["paths"]["/api/v1/agencies/{agency_id}/"]["patch"]
    assert set(patch["responses"]) >= {"200", "400", "401", "403", "404", "409"}
    body = patch["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert document["components"]["schemas"][body]["required"] == ["version"]
    listing = document["paths"]["/api/v1/agencies/"]["get"]["responses"]["200"]["content"]["application/json"]
    paginated = document["components"]["schemas"][listing["schema"]["$ref"].rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results"} <= set(paginated["properties"])
    assert "digest" not in response.content.decode()


@pytest.mark.django_db
def test_schema_is_valid_openapi(client: Client) -> None:
    """Schemathesis refuses to load an invalid document; loading it validates it."""
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    loaded = schemathesis.openapi.from_dict(document)
    assert {(op.method.upper(), op.path) for op in (r.ok() for r in loaded.get_all_operations())} == OPERATIONS


@pytest.mark.django_db
def test_docs_page_has_no_inline_script(client: Client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE)
    assert scripts, "the docs page loads Swagger UI through scripts"
    for attributes, content in scripts:
        assert "src=" in attributes, f"inline script: {content[:200]!r}"
        assert not content.strip(), f"inline script: {content[:200]!r}"
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), "inline event handler"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
    # The split view's own script and the sidecar's assets are served from here.
    for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html):
        assert src.startswith("/"), src
        assert client.get(src).status_code == 200, src


# --- fuzzing ------------------------------------------------------------------------------------

# Built from the views at import time, without a request: the same document as /api/schema/.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application


def is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Let real WSGI requests run inside the test's transaction, as Django's test client does.

    The WSGI handler closes "old" database connections around each request; inside a test's
    transaction that would break it (on PostgreSQL).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_token(db: Any, make_member: Any, wsgi_in_test_transaction: None) -> tuple[Agency, str]:
    agency = AgencyFactory(name="Maison des femmes", department_code="82")
    AgencyFactory.create_batch(3)
    user = make_member(Role.AGENCY_ADMIN, agency=agency)
    _, secret = create_api_token(viewer=Viewer(user=user, agency=agency), name="fuzz", valid_days=1)
    return agency, secret


@schema.parametrize()
@schema.given(aim_at_own_agency=st.booleans())
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize="MAILLAGE_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_fuzz_operation(case: Any, aim_at_own_agency: bool, admin_token: tuple[Agency, str]) -> None:
    agency, secret = admin_token
    if aim_at_own_agency and is_uuid((case.path_parameters or {}).get("agency_id")):
        # Random UUIDs only ever find nothing: half the time, read or edit the admin's own agency.
        case.path_parameters["agency_id"] = str(agency.pk)
    agency.refresh_from_db()
    before = {name: getattr(agency, name) for name in EDITABLE}
    response = case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
    if case.method == "PATCH" and response.status_code >= 400:
        agency.refresh_from_db()
        assert {name: getattr(agency, name) for name in EDITABLE} == before
