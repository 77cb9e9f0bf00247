"""The OpenAPI schema, the docs page, and schemathesis fuzzing every operation against the schema.

Schemathesis generates requests from the schema drf-spectacular builds from our views, sends them
to the WSGI application as an agency administrator (bearer token) and checks that no answer is a
server error and that every answer is documented and matches its documented schema.
"""

import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
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
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory, CapacityFactory, PermanenceFactory, open_case
from maillage.policy.viewer import Viewer
from maillage.wsgi import application

OPERATIONS = {
    ("GET", "/api/v1/me/"),
    ("GET", "/api/v1/agencies/"),
    ("GET", "/api/v1/agencies/{agency_id}/"),
    ("PATCH", "/api/v1/agencies/{agency_id}/"),
    ("GET", "/api/v1/hotlines/"),
}
# The shared situation file (maillage/cases/api.py).
CASE_OPERATIONS = {
    ("GET", "/api/v1/cases/"): "cases_list",
    ("POST", "/api/v1/cases/"): "cases_create",
    ("GET", "/api/v1/cases/{case_id}/"): "cases_retrieve",
    ("GET", "/api/v1/cases/{case_id}/people/"): "cases_people_list",
    ("POST", "/api/v1/cases/{case_id}/people/"): "cases_people_create",
    ("GET", "/api/v1/cases/{case_id}/contact/"): "cases_contact_retrieve",
    ("PUT", "/api/v1/cases/{case_id}/contact/"): "cases_contact_update",
    ("GET", "/api/v1/cases/{case_id}/timeline/"): "cases_timeline_list",
    ("POST", "/api/v1/cases/{case_id}/signals/"): "cases_signals_create",
    ("POST", "/api/v1/cases/{case_id}/incidents/"): "cases_incidents_create",
    ("POST", "/api/v1/cases/{case_id}/notes/"): "cases_notes_create",
    ("POST", "/api/v1/cases/{case_id}/tasks/"): "cases_tasks_create",
    ("POST", "/api/v1/cases/{case_id}/participants/"): "cases_participants_create",
    ("POST", "/api/v1/cases/{case_id}/status/"): "cases_status_create",
    ("POST", "/api/v1/cases/{case_id}/coordinator/"): "cases_coordinator_create",
    ("GET", "/api/v1/cases/{case_id}/needs/"): "cases_needs_list",
    ("POST", "/api/v1/cases/{case_id}/needs/"): "cases_needs_create",
    ("GET", "/api/v1/cases/{case_id}/matches/"): "cases_matches_list",
    ("POST", "/api/v1/cases/{case_id}/transfers/"): "cases_transfers_create",
    ("GET", "/api/v1/needs/{need_id}/"): "needs_retrieve",
    ("PATCH", "/api/v1/needs/{need_id}/"): "needs_partial_update",
    ("POST", "/api/v1/matches/{alert_id}/"): "matches_resolve",
    ("POST", "/api/v1/transfers/{transfer_id}/accept/"): "transfers_accept",
    ("POST", "/api/v1/transfers/{transfer_id}/refuse/"): "transfers_refuse",
    ("POST", "/api/v1/transfers/{transfer_id}/withdraw/"): "transfers_withdraw",
    ("POST", "/api/v1/closing-requests/{closure_id}/approve/"): "closing_requests_approve",
    ("POST", "/api/v1/closing-requests/{closure_id}/refuse/"): "closing_requests_refuse",
    ("GET", "/api/v1/notes/{note_id}/"): "notes_retrieve",
    ("PATCH", "/api/v1/notes/{note_id}/"): "notes_partial_update",
    ("POST", "/api/v1/notes/{note_id}/retract/"): "notes_retract",
    ("GET", "/api/v1/tasks/{task_id}/"): "tasks_retrieve",
    ("POST", "/api/v1/tasks/{task_id}/complete/"): "tasks_complete",
    ("DELETE", "/api/v1/participants/{participation_id}/"): "participants_destroy",
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Bounded for the suite; raise it for a longer hunt, e.g. MAILLAGE_FUZZ_EXAMPLES=1000 (also random then).
FUZZ_EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "40"))
EDITABLE = (
    "name",
    "department_code",
    "municipality",
    "postcode",
    "reception_address",
    "email",
    "phone",
    "website",
    "languages",
    "accessibility",
    "version",
)

# --- the schema and the docs ------------------------------------------------------------------


@pytest.mark.django_db
def test_schema_is_openapi_3_listing_our_operations(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    assert operations == OPERATIONS | set(CASE_OPERATIONS)
    assert {op["operationId"] for item in document["paths"].values() for op in item.values()} == {
        "me",
        "agencies_list",
        "agencies_retrieve",
        "agencies_partial_update",
        "hotlines_list",
    } | set(CASE_OPERATIONS.values())
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
    assert {(op.method.upper(), op.path) for op in (r.ok() for r in loaded.get_all_operations())} == OPERATIONS | set(
        CASE_OPERATIONS
    )


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
    # A shelter with its places and a permanence, so that nested answers are checked against the schema too.
    PermanenceFactory(service=CapacityFactory(service__agency=agency).service)
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


# --- fuzzing the situation file as its coordinator ---------------------------------------------------
# The administrator above can read no situation: every case operation answers it 403 or 404. Here a
# coordinator of the police station that coordinates a situation fuzzes the case operations, aiming
# mostly at that situation and its note, task, need and participants, with the current versions.

case_schema = schema.include(
    path_regex=r"^/api/v1/(cases|notes|tasks|participants|needs|matches|transfers|closing-requests)/"
)


@dataclass
class Situation:
    case: Any
    note: Any
    task: Any
    need: Any
    participation: Any
    agencies: list[Agency]
    people: list[Any]
    secret: str


@pytest.fixture
def coordinated_situation(db: Any, make_member: Any, wsgi_in_test_transaction: None) -> Situation:
    from maillage.cases import services
    from maillage.cases.models import NeedKind, NeedPriority
    from maillage.policy.compartments import Compartment

    police = AgencyFactory(kind=AgencyKind.POLICE, department_code="82")
    user = make_member(Role.COORDINATOR, agency=police)
    viewer = Viewer(user=user, agency=police)
    case = open_case(viewer, children=(services.PersonDetails("Lina", "Martin", birth_date=date(2019, 5, 1)),))
    victim = case.people.get(role="victim")
    contact = {"safe_phone": "0612345678", "safe_email": "", "safe_times": "", "code_word": "", "address": "x"}
    services.save_victim_contact(
        viewer=viewer, case_person=victim, values={**contact, "may_leave_message": False}, expected_version=None
    )
    note = services.add_note(viewer=viewer, case=case, compartment=Compartment.VICTIM_ONLY, body="Chez sa mère.")
    health = AgencyFactory(kind=AgencyKind.HEALTH)
    participation = services.invite_agency(viewer=viewer, case=case, agency=health)
    task = services.add_task(viewer=viewer, case=case, title="Rappeler", owner_agency=police, due_on=date.today())
    need = services.add_need(
        viewer=viewer, case=case, kind=NeedKind.HOUSING, priority=NeedPriority.HIGH, owner_agency=police
    )
    others = [AgencyFactory(kind=kind) for kind in (AgencyKind.VICTIM_SUPPORT, AgencyKind.CHILD_PROTECTION)]
    _, secret = create_api_token(viewer=viewer, name="fuzz", valid_days=1)
    colleague = make_member(Role.PRACTITIONER, agency=police)
    return Situation(case, note, task, need, participation, [police, health, *others], [user, colleague], secret)


def situation_state() -> dict[str, Any]:
    """Everything a write on a situation could change."""
    from maillage.cases import models

    def rows(model: Any, *fields: str) -> list[Any]:
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return {
        "cases": rows(models.Case, "status", "version", "coordinator", "is_repeat"),
        "participations": rows(models.Participation, "left_at"),
        "people": rows(models.CasePerson),
        "intakes": rows(models.Intake),
        "incidents": rows(models.Incident),
        "notes": rows(models.Note, "body", "version", "retracted_at"),
        "tasks": rows(models.Task, "status", "version"),
        "contacts": rows(models.VictimContact, "version"),
        "status_changes": rows(models.StatusChange),
        "needs": rows(models.Need, "status", "priority", "compartment", "version"),
        "alerts": rows(models.MatchAlert, "status"),
        "transfers": rows(models.Transfer, "status", "version"),
        "closures": rows(models.ClosureRequest, "status", "version"),
    }


def aim(case: Any, situation: Situation, choose: Any) -> None:
    """Point the generated request at the real situation: its ids, its agencies, its current versions."""
    from maillage.cases.models import Case, Need, Note, Task, VictimContact

    targets = {
        "case_id": situation.case,
        "note_id": situation.note,
        "task_id": situation.task,
        "need_id": situation.need,
        "participation_id": situation.participation,
    }
    for name, value in (case.path_parameters or {}).items():
        if name in targets and is_uuid(value) and choose():
            case.path_parameters[name] = str(targets[name].pk)
    if not isinstance(case.body, dict):
        return
    for name in ("agency", "owner_agency", "coordinator_agency", "referring_agency"):
        if is_uuid(case.body.get(name)) and choose():
            case.body[name] = str(situation.agencies[choose(len(situation.agencies))].pk)
    for name in ("coordinator", "owner"):
        if is_uuid(case.body.get(name)) and choose():
            case.body[name] = str(situation.people[choose(len(situation.people))].pk)
    path = {name: value for name, value in (case.path_parameters or {}).items() if is_uuid(value)}
    if "version" in case.body and path and choose():
        if "note_id" in path:
            current = Note.objects.filter(pk=path["note_id"]).values_list("version", flat=True)
        elif "task_id" in path:
            current = Task.objects.filter(pk=path["task_id"]).values_list("version", flat=True)
        elif "need_id" in path:
            current = Need.objects.filter(pk=path["need_id"]).values_list("version", flat=True)
        elif case.path.endswith("/contact/"):
            current = VictimContact.objects.filter(case_person__case=path["case_id"]).values_list("version", flat=True)
        elif "case_id" not in path:  # a transfer or a request to close: the fuzzer finds none
            current = Case.objects.none().values_list("version", flat=True)
        else:
            current = Case.objects.filter(pk=path["case_id"]).values_list("version", flat=True)
        case.body["version"] = next(iter(current), case.body["version"])


@case_schema.parametrize()
@case_schema.given(data=st.data())
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize="MAILLAGE_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_fuzz_case_operation_as_coordinator(case: Any, data: Any, coordinated_situation: Situation) -> None:
    def choose(among: int = 0) -> Any:
        if among:
            return data.draw(st.integers(0, among - 1))
        return data.draw(st.integers(0, 3)) != 3  # mostly aim; the simplest example aims

    aim(case, coordinated_situation, choose)
    before = situation_state()
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {coordinated_situation.secret}"}, checks=CHECKS
    )
    if response.status_code >= 400:
        assert situation_state() == before, (case.method, case.path, response.status_code)
