"""The partner directory over the API, as a client sees it: listing, reading, and editing one's own agency."""

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import Role, User
from maillage.accounts.services import create_api_token
from maillage.audit.models import AuditAction, AuditEvent
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory
from maillage.policy.viewer import Viewer

AGENCIES = "/api/v1/agencies/"
AGENCY_FIELDS = {
    "id",
    "name",
    "kind",
    "department_code",
    "municipality",
    "postcode",
    "reception_address",
    "email",
    "phone",
    "website",
    "languages",
    "accessibility",
    "services",
    "version",
}
EDITABLE = ("name", "department_code", "municipality", "email", "phone")
SECRET_KEYS = {"digest", "secret", "prefix", "password", "totp_secret", "token"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


class Api:
    """A client calling the API as one user acting for `agency`: with a bearer token, or the session.

    A statistician may not create tokens (they are personal data), so uses the web session.
    """

    def __init__(self, client: Client, user: User, agency: Agency, login: Any = None) -> None:
        self.client = client
        self.user = user
        self.agency = agency
        self.headers: dict[str, str] = {}
        if login is not None:
            login(user)
        else:
            _, secret = create_api_token(viewer=Viewer(user=user, agency=agency), name="test", valid_days=1)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, **self.headers)

    def patch(self, agency: Agency, body: Any, *, raw: bool = False) -> Any:
        data = body if raw else json.dumps(body)
        return self.client.patch(f"{AGENCIES}{agency.pk}/", data, content_type="application/json", **self.headers)


@pytest.fixture
def api_as(client: Client, make_member: Any, login: Any) -> Any:
    """api_as(role, agency=None) → an Api for a new member with that role."""

    def make(role: Role, agency: Agency | None = None) -> Api:
        user = make_member(role, agency=agency)
        return Api(client, user, user.memberships.get().agency, login if role == Role.STATISTICIAN else None)

    return make


@pytest.fixture
def admin(api_as: Any) -> Api:
    return api_as(Role.AGENCY_ADMIN, AgencyFactory(name="Maison des femmes", department_code="82", email="a@b.test"))


def snapshot(agency: Agency) -> dict[str, Any]:
    agency.refresh_from_db()
    return {name: getattr(agency, name) for name in (*EDITABLE, "version")}


def all_keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in all_keys(value)}
    if isinstance(data, list):
        return {key for item in data for key in all_keys(item)}
    return set()


# --- listing -------------------------------------------------------------------------------------


def test_list_is_paginated(admin: Api) -> None:
    AgencyFactory.create_batch(55)
    first = admin.get(AGENCIES)
    assert first.status_code == 200
    body = first.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 56
    assert len(body["results"]) == 50
    assert body["previous"] is None
    assert "page=2" in body["next"]
    assert set(body["results"][0]) == AGENCY_FIELDS

    second = admin.get(AGENCIES, {"page": 2}).json()
    assert len(second["results"]) == 6
    assert second["next"] is None
    assert second["previous"] is not None
    ids = {a["id"] for a in body["results"]} | {a["id"] for a in second["results"]}
    assert len(ids) == 56


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "9" * 30])
def test_list_page_out_of_range_is_404(admin: Api, page: str) -> None:
    response = admin.get(AGENCIES, {"page": page})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_filters_by_kind(admin: Api) -> None:
    police = AgencyFactory(kind=AgencyKind.POLICE)
    AgencyFactory(kind=AgencyKind.HEALTH)
    body = admin.get(AGENCIES, {"kind": "police"}).json()
    assert [a["id"] for a in body["results"]] == [str(police.pk)]
    assert body["count"] == 1


@pytest.mark.parametrize("kind", ["nonsense", "POLICE", "police ", "x" * 500, "\x00"])
def test_list_unknown_kind_is_400_with_message(admin: Api, kind: str) -> None:
    response = admin.get(AGENCIES, {"kind": kind})
    assert response.status_code == 400
    message = response.json()["kind"][0]
    assert message.endswith("is not a valid choice.")
    assert len(message) < 100  # the echo of the input is bounded


def test_list_search_by_name_municipality_or_department(admin: Api) -> None:
    cidff = AgencyFactory(name="CIDFF du Tarn", municipality="Albi", department_code="81")
    AgencyFactory(name="Commissariat", municipality="Castres", department_code="81")

    def found(q: str) -> set[str]:
        return {a["id"] for a in admin.get(AGENCIES, {"q": q}).json()["results"]}

    assert found("cidff") == {str(cidff.pk)}
    assert found("ALBI") == {str(cidff.pk)}
    assert len(found("81")) == 2
    assert found("no such agency") == set()
    assert found("%") == set()  # LIKE wildcards are matched literally
    assert found("_") == set()


def test_list_search_with_nul_is_400(admin: Api) -> None:
    response = admin.get(AGENCIES, {"q": "abc\x00"})
    assert response.status_code == 400
    assert response.json() == {"q": ["Null characters are not allowed."]}


@pytest.mark.parametrize("q", ["a" * 10_000, "'; DROP TABLE directory_agency; --", "\u202e\ud7ff"])
def test_list_odd_search_is_never_a_server_error(admin: Api, q: str) -> None:
    response = admin.get(AGENCIES, {"q": q})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_list_hides_inactive_agencies_and_combines_filters(admin: Api) -> None:
    AgencyFactory(kind=AgencyKind.POLICE, name="Gendarmes fermés", is_active=False)
    open_one = AgencyFactory(kind=AgencyKind.POLICE, name="Police d'Albi", municipality="Albi")
    AgencyFactory(kind=AgencyKind.HEALTH, name="Hôpital d'Albi", municipality="Albi")
    body = admin.get(AGENCIES, {"kind": "police", "q": "albi"}).json()
    assert [a["id"] for a in body["results"]] == [str(open_one.pk)]
    assert admin.get(AGENCIES, {"q": "fermés"}).json()["count"] == 0


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_the_directory(api_as: Any, role: Role) -> None:
    api = api_as(role)
    assert api.get(AGENCIES).status_code == 200
    assert api.get(f"{AGENCIES}{api.agency.pk}/").status_code == 200


# --- reading one --------------------------------------------------------------------------------


def test_get_agency(admin: Api) -> None:
    other = AgencyFactory(kind=AgencyKind.JUSTICE, email="parquet@justice.test")
    body = admin.get(f"{AGENCIES}{other.pk}/").json()
    assert body == {
        "id": str(other.pk),
        "name": other.name,
        "kind": "justice",
        "department_code": other.department_code,
        "municipality": other.municipality,
        "postcode": "",
        "reception_address": "",
        "email": "parquet@justice.test",
        "phone": "",
        "website": "",
        "languages": [],
        "accessibility": "",
        "services": [],
        "version": 1,
    }


@pytest.mark.parametrize(
    "tail",
    [
        "00000000-0000-0000-0000-000000000000/",
        "not-a-uuid/",
        "12345/",
        "00000000-0000-0000-0000-00000000000g/",
        "00000000-0000-0000-0000-000000000000/extra/",
        "%00/",
    ],
)
def test_get_unknown_or_malformed_id_is_404(admin: Api, tail: str) -> None:
    response = admin.get(f"{AGENCIES}{tail}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}  # JSON, not the HTML error page


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/agencies/x/y/z/", "/api/v1/%0a/"])
def test_unknown_api_paths_are_json_404(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert client.patch(path, "{}", content_type="application/json").status_code == 404


def test_api_path_without_trailing_slash_is_redirected(admin: Api) -> None:
    response = admin.get(f"{AGENCIES}{admin.agency.pk}")
    assert response.status_code == 301
    assert response["Location"].endswith(f"{AGENCIES}{admin.agency.pk}/")


def test_get_inactive_agency_is_404(admin: Api) -> None:
    closed = AgencyFactory(is_active=False)
    assert admin.get(f"{AGENCIES}{closed.pk}/").status_code == 404


@pytest.mark.parametrize("method", ["put", "post", "delete"])
def test_other_methods_are_405(admin: Api, method: str) -> None:
    response = getattr(admin.client, method)(
        f"{AGENCIES}{admin.agency.pk}/", "{}", content_type="application/json", **admin.headers
    )
    assert response.status_code == 405
    assert admin.client.post(AGENCIES, "{}", content_type="application/json", **admin.headers).status_code == 405


# --- editing ------------------------------------------------------------------------------------


def test_admin_updates_own_agency_and_it_is_audited(admin: Api) -> None:
    agency = admin.agency
    response = admin.patch(agency, {"version": 1, "name": "Maison des femmes de Montauban", "email": "c@d.test"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["name"] == "Maison des femmes de Montauban"
    assert body["email"] == "c@d.test"
    assert body["phone"] == ""
    assert snapshot(agency)["version"] == 2
    assert admin.get(f"{AGENCIES}{agency.pk}/").json() == body

    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="directory.agency")
    assert event.object_id == str(agency.pk)
    assert event.fields == ["email", "name"]
    assert event.actor_id == admin.user.pk
    assert event.agency_id == agency.pk
    assert event.channel == "api"
    stored = json.dumps({f.name: str(getattr(event, f.attname)) for f in AuditEvent._meta.fields})
    assert "Montauban" not in stored
    assert "c@d.test" not in stored
    assert "a@b.test" not in stored


def test_patch_with_no_change_keeps_version_and_writes_nothing(admin: Api) -> None:
    before = snapshot(admin.agency)
    response = admin.patch(admin.agency, {"version": 1, "name": before["name"]})
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_successive_patches_need_the_new_version(admin: Api) -> None:
    assert admin.patch(admin.agency, {"version": 1, "phone": "05 63 00 00 00"}).status_code == 200
    assert admin.patch(admin.agency, {"version": 2, "phone": "05 63 00 00 01"}).json()["version"] == 3


def test_clearing_optional_fields(admin: Api) -> None:
    response = admin.patch(admin.agency, {"version": 1, "email": "", "municipality": "", "phone": ""})
    assert response.status_code == 200
    assert response.json()["email"] == ""


@pytest.mark.parametrize("role", [r for r in Role if r != Role.AGENCY_ADMIN])
def test_other_roles_may_not_patch_their_agency(api_as: Any, role: Role) -> None:
    api = api_as(role)
    before = snapshot(api.agency)
    response = api.patch(api.agency, {"version": 1, "name": "Renamed"})
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": "Your role does not allow this."}
    assert snapshot(api.agency) == before
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.reason == "edit_agency:role_not_permitted"
    assert denied.outcome == "denied"
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_admin_may_not_patch_another_agency(admin: Api) -> None:
    other = AgencyFactory(name="Commissariat de Montauban")
    before = snapshot(other)
    response = admin.patch(other, {"version": 1, "name": "Pwned", "email": "evil@x.test"})
    assert response.status_code == 403, response.content
    assert response.json() == {"detail": "This belongs to another agency or person."}
    assert snapshot(other) == before
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.object_type == "directory.agency"
    assert denied.object_id == str(other.pk)
    assert denied.reason == "edit_agency:out_of_scope"
    assert denied.actor_id == admin.user.pk
    assert denied.agency_id == admin.agency.pk
    assert denied.fields == []
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_admin_of_another_agency_is_refused_before_payload_validation(admin: Api) -> None:
    """A caller who may not edit learns nothing from validation messages."""
    other = AgencyFactory()
    before = snapshot(other)
    assert admin.patch(other, {"name": ""}).status_code == 403
    assert snapshot(other) == before


def test_patch_unknown_agency_is_404(admin: Api) -> None:
    response = admin.client.patch(
        f"{AGENCIES}00000000-0000-0000-0000-000000000000/",
        json.dumps({"version": 1, "name": "x"}),
        content_type="application/json",
        **admin.headers,
    )
    assert response.status_code == 404


def test_stale_version_is_409_and_nothing_changes(admin: Api) -> None:
    assert admin.patch(admin.agency, {"version": 1, "phone": "01"}).status_code == 200
    before = snapshot(admin.agency)
    response = admin.patch(admin.agency, {"version": 1, "phone": "02", "name": "Lost update"})
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "stale_version"
    assert "Nothing was saved" in body["detail"]
    assert snapshot(admin.agency) == before
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_future_version_is_409(admin: Api) -> None:
    before = snapshot(admin.agency)
    assert admin.patch(admin.agency, {"version": 7, "phone": "02"}).status_code == 409
    assert snapshot(admin.agency) == before


MALFORMED_BODIES = [
    pytest.param("not json at all", True, id="not-json"),
    pytest.param('{"version": 1, "name": "x"', True, id="truncated-json"),
    pytest.param("", True, id="empty-body"),
    pytest.param("null", True, id="null"),
    pytest.param('"a string"', True, id="json-string"),
    pytest.param("42", True, id="json-number"),
    pytest.param('[{"version": 1, "name": "x"}]', True, id="list"),
    pytest.param('{"version": NaN, "name": "x"}', True, id="nan"),
    pytest.param({"name": "Missing version"}, False, id="missing-version"),
    pytest.param({"version": None, "name": "x"}, False, id="null-version"),
    pytest.param({"version": "one", "name": "x"}, False, id="string-version"),
    pytest.param({"version": 1.5, "name": "x"}, False, id="float-version"),
    pytest.param({"version": True, "name": "x"}, False, id="bool-version"),
    pytest.param({"version": 0, "name": "x"}, False, id="zero-version"),
    pytest.param({"version": -1, "name": "x"}, False, id="negative-version"),
    pytest.param({"version": 10**30, "name": "x"}, False, id="huge-version"),
    pytest.param({"version": 2**63, "name": "x"}, False, id="int64-overflow-version"),
    pytest.param({"version": [1], "name": "x"}, False, id="list-version"),
    pytest.param({"version": 1, "name": {"fr": "x"}}, False, id="object-name"),
    pytest.param({"version": 1, "name": ["x"]}, False, id="list-name"),
    pytest.param({"version": 1, "name": None}, False, id="null-name"),
    pytest.param({"version": 1, "name": ""}, False, id="blank-name"),
    pytest.param({"version": 1, "name": "x" * 201}, False, id="too-long-name"),
    pytest.param({"version": 1, "name": "nul\x00byte"}, False, id="nul-in-name"),
    pytest.param({"version": 1, "name": "\ud800"}, False, id="lone-surrogate"),
    pytest.param({"version": 1, "department_code": "1234"}, False, id="too-long-department"),
    pytest.param({"version": 1, "department_code": ""}, False, id="blank-department"),
    pytest.param({"version": 1, "municipality": "m" * 121}, False, id="too-long-municipality"),
    pytest.param({"version": 1, "email": "not-an-email"}, False, id="invalid-email"),
    pytest.param({"version": 1, "email": "a@b.test" + "c" * 300}, False, id="too-long-email"),
    pytest.param({"version": 1, "phone": "0" * 33}, False, id="too-long-phone"),
    pytest.param({"version": 1, "phone": 123}, False, id="number-phone"),
]


@pytest.mark.parametrize(("body", "raw"), MALFORMED_BODIES)
def test_malformed_payload_is_400_and_nothing_changes(admin: Api, body: Any, raw: bool) -> None:
    before = snapshot(admin.agency)
    response = admin.patch(admin.agency, body, raw=raw)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()
    assert snapshot(admin.agency) == before
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_unsupported_media_type_is_415(admin: Api) -> None:
    before = snapshot(admin.agency)
    response = admin.client.patch(
        f"{AGENCIES}{admin.agency.pk}/", "version=1&name=x", content_type="text/plain", **admin.headers
    )
    assert response.status_code == 415
    assert snapshot(admin.agency) == before


def test_unknown_and_read_only_fields_are_ignored(admin: Api) -> None:
    before = snapshot(admin.agency)
    response = admin.patch(
        admin.agency, {"version": 1, "kind": "police", "id": "00000000-0000-0000-0000-000000000000", "is_active": 0}
    )
    assert response.status_code == 200
    admin.agency.refresh_from_db()
    assert admin.agency.kind == AgencyKind.VICTIM_SUPPORT
    assert admin.agency.is_active
    assert snapshot(admin.agency) == before


def test_duplicate_name_and_department_is_400(admin: Api) -> None:
    AgencyFactory(name="CIDFF", department_code="81")
    before = snapshot(admin.agency)
    response = admin.patch(admin.agency, {"version": 1, "name": "CIDFF", "department_code": "81"})
    assert response.status_code == 400, response.content
    assert snapshot(admin.agency) == before
    # Same name in another department is fine.
    assert admin.patch(admin.agency, {"version": 1, "name": "CIDFF", "department_code": "82"}).status_code == 200


def test_session_patch_needs_csrf_token(make_member: Any) -> None:
    from maillage.conftest import current_totp
    from maillage.factories import TEST_PASSWORD

    user = make_member(Role.AGENCY_ADMIN)
    agency = user.memberships.get().agency
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.get("/accounts/login/")
    csrf = browser.cookies["csrftoken"].value
    browser.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD, "csrfmiddlewaretoken": csrf})
    browser.post("/accounts/2fa/authenticate/", {"code": current_totp(user.totp_secret), "csrfmiddlewaretoken": csrf})
    assert browser.get("/api/v1/me/").status_code == 200
    before = snapshot(agency)

    url = f"{AGENCIES}{agency.pk}/"
    body = json.dumps({"version": 1, "name": "Via session"})
    response = browser.patch(url, body, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert snapshot(agency) == before

    csrf = browser.cookies["csrftoken"].value
    response = browser.patch(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200, response.content


def test_responses_never_carry_secrets(admin: Api) -> None:
    AgencyFactory.create_batch(3)
    responses = [
        admin.get(AGENCIES),
        admin.get(f"{AGENCIES}{admin.agency.pk}/"),
        admin.patch(admin.agency, {"version": 1, "phone": "0102"}),
        admin.patch(admin.agency, {"version": 1, "phone": "0103"}),
        admin.patch(admin.agency, {"version": "x"}),
    ]
    for response in responses:
        assert not all_keys(response.json()) & SECRET_KEYS
        assert admin.headers["HTTP_AUTHORIZATION"].split()[1] not in response.content.decode()


def test_admin_updates_the_public_details_of_their_agency(admin: Api) -> None:
    response = admin.patch(
        admin.agency,
        {
            "version": 1,
            "postcode": "82000",
            "website": "https://maison-des-femmes.example",
            "languages": ["fr", "ar"],
            "accessibility": "Accès de plain-pied",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["postcode"], body["languages"], body["version"]) == ("82000", ["fr", "ar"], 2)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.fields == ["accessibility", "languages", "postcode", "website"]


@pytest.mark.parametrize(
    "body",
    [
        {"version": 1, "postcode": "8200"},
        {"version": 1, "languages": ["klingon"]},
        {"version": 1, "languages": "fr"},
        {"version": 1, "website": "javascript:alert(1)"},
        {"version": 1, "department_code": "AB"},
    ],
)
def test_invalid_public_details_are_400_and_change_nothing(admin: Api, body: dict[str, Any]) -> None:
    before = snapshot(admin.agency)
    assert admin.patch(admin.agency, body).status_code == 400
    assert snapshot(admin.agency) == before


def test_deeply_nested_json_is_a_400_not_a_server_error(make_member):
    from rest_framework.test import APIClient

    from maillage.accounts.services import create_api_token
    from maillage.policy.viewer import Viewer

    admin = make_member(Role.AGENCY_ADMIN)
    agency = admin.memberships.get().agency
    _, secret = create_api_token(viewer=Viewer(user=admin, agency=agency), name="t", valid_days=1)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")

    response = client.patch(
        f"/api/v1/agencies/{agency.pk}/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400
    agency.refresh_from_db()
    assert agency.version == 1
