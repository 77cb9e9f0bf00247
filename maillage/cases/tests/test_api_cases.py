"""The shared situation file over the API, as each kind of agency and each role sees it.

The API calls the same selectors and services as the pages: these tests check what the HTTP layer
adds (status codes, shapes, strict input, no leak across compartments) and that bad input changes
nothing.
"""

import json
import logging
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import Role, User
from maillage.accounts.services import create_api_token
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases import services
from maillage.cases.models import (
    Case,
    CasePerson,
    CaseStatus,
    Incident,
    Intake,
    Note,
    NoteRevision,
    Participation,
    Person,
    PersonRole,
    StatusChange,
    Task,
    TaskStatus,
    VictimContact,
)
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory, MembershipFactory, open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
NOWHERE = "00000000-0000-0000-0000-000000000000"
TODAY = date.today()

# What only the victim-only compartment may hold, written so that it can be searched for in any answer.
SAFE_PHONE = "06 98 76 54 32"
SAFE_EMAIL = "tournesol.secret@example.test"
CODE_WORD = "Coquelicot-7"
ADDRESS = "3 impasse des Glycines, Montreval"
VICTIM_NOTE = "Hébergée chez sa sœur depuis mardi."
VICTIM_INCIDENT = "Il a retrouvé son nouveau domicile."
SECRETS = (SAFE_PHONE, SAFE_EMAIL, CODE_WORD, ADDRESS, VICTIM_NOTE, VICTIM_INCIDENT)


class Api:
    """One user acting for one agency through a bearer token."""

    def __init__(self, client: Client, user: User, agency: Agency) -> None:
        self.client = client
        self.user = user
        self.agency = agency
        self.viewer = Viewer(user=user, agency=agency)
        _, secret = create_api_token(viewer=self.viewer, name="test", valid_days=1)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, **self.headers)

    def send(self, method: str, path: str, body: Any = None, *, raw: bool = False, **extra: Any) -> Any:
        data = body if raw else json.dumps(body)
        content_type = extra.pop("content_type", "application/json")
        return getattr(self.client, method)(path, data, content_type=content_type, **self.headers, **extra)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.send("post", path, {} if body is None else body, **kwargs)

    def patch(self, path: str, body: Any, **kwargs: Any) -> Any:
        return self.send("patch", path, body, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> Any:
        return self.send("put", path, body, **kwargs)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, **self.headers)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def member(client: Client, make_member: Any) -> Any:
    """member(kind, role=PRACTITIONER, agency=None) → an Api for a new member of a (new) agency."""

    def make(
        kind: AgencyKind = AgencyKind.VICTIM_SUPPORT, role: Role = Role.PRACTITIONER, agency: Agency | None = None
    ):
        user = make_member(role, kind=kind, agency=agency)
        return Api(client, user, user.memberships.get().agency)

    return make


@pytest.fixture
def police(member: Any) -> Api:
    """An officer of a station that opens and coordinates situations (it has a coordinator role)."""
    return member(AgencyKind.POLICE, Role.COORDINATOR)


@pytest.fixture
def case(police: Api) -> Case:
    return open_case(police.viewer, children=(services.PersonDetails("Lina", "Martin", birth_date=date(2019, 5, 1)),))


def join(case: Case, coordinator: Api, api: Api) -> Participation:
    return services.invite_agency(viewer=coordinator.viewer, case=case, agency=api.agency)


def url(case: Case, tail: str = "") -> str:
    return f"{CASES}{case.pk}/{tail}"


CONTACT = {
    "safe_phone": SAFE_PHONE,
    "safe_email": SAFE_EMAIL,
    "safe_times": "mardi et jeudi, 9 h à 11 h",
    "code_word": CODE_WORD,
    "may_leave_message": False,
    "address": ADDRESS,
}


def fill_victim_only(case: Case, police: Api) -> None:
    victim = case.people.get(role=PersonRole.VICTIM)
    services.save_victim_contact(viewer=police.viewer, case_person=victim, values=CONTACT, expected_version=None)
    services.add_note(viewer=police.viewer, case=case, compartment=Compartment.VICTIM_ONLY, body=VICTIM_NOTE)
    services.record_incident(
        viewer=police.viewer,
        case=case,
        values={
            "occurred_on": TODAY,
            "source": "police_callout",
            "forms": ["psychological"],
            "description": VICTIM_INCIDENT,
            "compartment": Compartment.VICTIM_ONLY,
        },
    )


def counts() -> dict[str, Any]:
    """Everything a write could change."""
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "status", "version", "coordinator")),
        "participations": list(Participation.objects.order_by("pk").values_list("pk", "left_at")),
        "people": Person.objects.count(),
        "links": CasePerson.objects.count(),
        "intakes": Intake.objects.count(),
        "incidents": Incident.objects.count(),
        "notes": list(Note.objects.order_by("pk").values_list("pk", "body", "version", "retracted_at")),
        "revisions": NoteRevision.objects.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "version")),
        "contacts": list(VictimContact.objects.order_by("pk").values_list("pk", "version")),
        "status_changes": StatusChange.objects.count(),
        "audit_writes": AuditEvent.objects.filter(
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.PERMISSION_CHANGE]
        ).count(),
    }


def compartments_of(data: Any) -> set[str]:
    """The compartments of every piece of content in an answer."""
    if isinstance(data, dict):
        found = {data["compartment"]} if isinstance(data.get("compartment"), str) else set()
        return found.union(*(compartments_of(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(compartments_of(item) for item in data))
    return set()


def all_text(response: Any) -> str:
    return response.content.decode()


# --- opening a situation -------------------------------------------------------------------------

OPEN_BODY = {
    "channel": "complaint",
    "received_on": str(TODAY - timedelta(days=1)),
    "referring_person": "Brigadier Roux",
    "first_facts": "Strangulation la nuit dernière devant l'enfant.",
    "victim": {"given_names": "Sofia", "family_name": "Martin", "birth_date": "1997-03-14", "languages": "fr, ar"},
    "perpetrator": {"given_names": "Karim", "family_name": "Benali", "aliases": ["Kiki"]},
    "children": [{"given_names": "Lina", "family_name": "Martin", "birth_date": "2019-05-01"}],
}


def test_officer_opens_a_situation_from_a_complaint(police: Api) -> None:
    response = police.post(CASES, OPEN_BODY)
    assert response.status_code == 201, response.content
    header = response.json()
    assert header["status"] == "signalled"
    assert header["reference"].startswith("S-")
    assert header["version"] == 1
    assert header["is_repeat"] is False
    assert header["coordinator"] is None
    assert header["coordinator_agency"]["id"] == str(police.agency.pk)
    (participant,) = header["participants"]
    assert participant["role"] == "coordinator"
    assert Compartment.VICTIM_ONLY in participant["compartments"]

    people = police.get(url(Case.objects.get(), "people/")).json()
    assert {(p["role"], p["given_names"], p["compartment"]) for p in people} == {
        ("victim", "Sofia", "general"),
        ("perpetrator", "Karim", "general"),
        ("child_exposed", "Lina", "children"),
    }
    karim = next(p for p in people if p["role"] == "perpetrator")
    assert karim["aliases"] == ["Kiki"]
    assert karim["birth_date"] is None
    intake = Intake.objects.get()
    assert (intake.channel, intake.referring_agency, intake.referring_person) == (
        "complaint",
        police.agency,
        "Brigadier Roux",
    )
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="cases.case")
    assert (event.channel, event.actor_id, event.agency_id) == ("api", police.user.pk, police.agency.pk)


def test_officer_names_another_coordinating_agency_and_the_referrer(police: Api, member: Any) -> None:
    coordination = member(AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    hotline = AgencyFactory(kind=AgencyKind.WOMENS_SERVICE)
    body = {**OPEN_BODY, "coordinator_agency": str(coordination.agency.pk), "referring_agency": str(hotline.pk)}
    response = police.post(CASES, body)
    assert response.status_code == 201, response.content
    roles = {p["agency"]["id"]: p["role"] for p in response.json()["participants"]}
    assert roles == {
        str(coordination.agency.pk): "coordinator",
        str(police.agency.pk): "partner",
        str(hotline.pk): "referrer",
    }
    assert coordination.get(f"{CASES}{response.json()['id']}/").status_code == 200


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in OPEN_BODY.items() if k != key}


BAD_OPENINGS = [
    pytest.param({**OPEN_BODY, "received_on": str(TODAY + timedelta(days=1))}, "received_on", id="future-signal"),
    pytest.param({**OPEN_BODY, "received_on": "2026-02-30"}, "received_on", id="impossible-date"),
    pytest.param({**OPEN_BODY, "received_on": 20260101}, "received_on", id="number-date"),
    pytest.param(_without("victim"), "victim", id="no-victim"),
    pytest.param(_without("first_facts"), "first_facts", id="no-facts"),
    pytest.param({**OPEN_BODY, "first_facts": "   "}, "first_facts", id="blank-facts"),
    pytest.param({**OPEN_BODY, "first_facts": 42}, "first_facts", id="number-facts"),
    pytest.param({**OPEN_BODY, "first_facts": "a\x00b"}, "first_facts", id="nul-facts"),
    pytest.param({**OPEN_BODY, "channel": "carrier-pigeon"}, "channel", id="unknown-channel"),
    pytest.param({**OPEN_BODY, "coordinator_agency": NOWHERE}, "coordinator_agency", id="unknown-agency"),
    pytest.param({**OPEN_BODY, "coordinator_agency": "not-a-uuid"}, "coordinator_agency", id="malformed-agency"),
    pytest.param({**OPEN_BODY, "coordinator_agency": 12}, "coordinator_agency", id="number-agency"),
    pytest.param({**OPEN_BODY, "referring_agency": True}, "referring_agency", id="bool-agency"),
    pytest.param(
        {**OPEN_BODY, "victim": {**OPEN_BODY["victim"], "birth_date": str(TODAY + timedelta(days=3))}},
        "victim",
        id="victim-born-tomorrow",
    ),
    pytest.param({**OPEN_BODY, "victim": {"given_names": "Sofia"}}, "victim", id="victim-without-name"),
    pytest.param({**OPEN_BODY, "victim": "Sofia Martin"}, "victim", id="victim-as-string"),
    pytest.param(
        {**OPEN_BODY, "victim": {**OPEN_BODY["victim"], "needs_interpreter": "yes"}}, "victim", id="string-bool"
    ),
    pytest.param({**OPEN_BODY, "victim": {**OPEN_BODY["victim"], "aliases": "Sofi"}}, "victim", id="string-aliases"),
    pytest.param(
        {**OPEN_BODY, "victim": {**OPEN_BODY["victim"], "family_name": "x" * 151}}, "victim", id="too-long-name"
    ),
    pytest.param({**OPEN_BODY, "children": {"given_names": "Lina"}}, "children", id="children-as-object"),
    pytest.param({**OPEN_BODY, "children": [OPEN_BODY["victim"]] * 21}, "children", id="too-many-children"),
    pytest.param([OPEN_BODY], "non_field_errors", id="list-body"),
]


@pytest.mark.parametrize(("body", "field"), BAD_OPENINGS)
def test_bad_opening_is_400_and_creates_nothing(police: Api, body: Any, field: str) -> None:
    before = counts()
    response = police.post(CASES, body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before


def test_birth_dates_before_year_1000_are_compared_without_error(police: Api) -> None:
    """Found by fuzzing: person matching built YYYYMMDD with strftime, which gives "190102" for 0019-01-02."""
    for birth_date in ("0019-01-02", "2019-01-02", "0019-02-01", "0999-12-31"):
        body = {**OPEN_BODY, "victim": {**OPEN_BODY["victim"], "birth_date": birth_date}}
        assert police.post(CASES, body).status_code == 201


def test_governance_agency_cannot_coordinate(police: Api) -> None:
    governance = AgencyFactory(kind=AgencyKind.GOVERNANCE)
    response = police.post(CASES, {**OPEN_BODY, "coordinator_agency": str(governance.pk)})
    assert response.status_code == 400
    assert response.json() == {"coordinator_agency": ["This agency cannot coordinate a situation."]}
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "raw",
    ["not json", '{"channel": "complaint"', "", "null", "[" * 50_000 + "]" * 50_000],
    ids=["not-json", "truncated", "empty", "null", "deeply-nested"],
)
def test_malformed_json_is_400(police: Api, raw: str) -> None:
    response = police.post(CASES, raw, raw=True)
    assert response.status_code == 400, response.content[:300]
    assert not Case.objects.exists()


def test_form_encoded_body_is_415(police: Api) -> None:
    response = police.post(CASES, "channel=complaint", raw=True, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (AgencyKind.POLICE, Role.AGENCY_ADMIN),
        (AgencyKind.POLICE, Role.READ_ONLY),
        (AgencyKind.POLICE, Role.DATA_PROTECTION_OFFICER),
        (AgencyKind.POLICE, Role.MARAC_CHAIR),
        (AgencyKind.GOVERNANCE, Role.COORDINATOR),
        (AgencyKind.EDUCATION, Role.PRACTITIONER),
    ],
)
def test_who_may_not_open_gets_403_before_validation(member: Any, kind: AgencyKind, role: Role) -> None:
    api = member(kind, role)
    for body in (OPEN_BODY, {"victim": 1}):
        response = api.post(CASES, body)
        assert response.status_code == 403, response.content
        assert "detail" in response.json()
    assert not Case.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, reason__startswith="open_case:").count() == 2


# --- listing and reading -------------------------------------------------------------------------


def test_list_shows_only_situations_the_agency_takes_part_in(police: Api, member: Any) -> None:
    mine = open_case(police.viewer)
    other_station = member(AgencyKind.POLICE, Role.COORDINATOR)
    theirs = open_case(other_station.viewer)
    body = police.get(CASES).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [c["id"] for c in body["results"]] == [str(mine.pk)]
    assert [c["id"] for c in other_station.get(CASES).json()["results"]] == [str(theirs.pk)]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="cases.case_list").count() == 2


def test_list_filters_by_status_and_paginates(police: Api) -> None:
    opened = [open_case(police.viewer) for _ in range(3)]
    services.change_status(viewer=police.viewer, case=opened[0], to_status=CaseStatus.ACTIVE, expected_version=1)
    assert [c["id"] for c in police.get(CASES, {"status": "active"}).json()["results"]] == [str(opened[0].pk)]
    assert police.get(CASES, {"status": "signalled"}).json()["count"] == 2
    assert police.get(CASES, {"status": "closed"}).json()["count"] == 0
    assert police.get(CASES, {"page": 2}).status_code == 404


@pytest.mark.parametrize("status", ["open", "ACTIVE", "x" * 500, "\x00"])
def test_list_unknown_status_is_400(police: Api, status: str) -> None:
    response = police.get(CASES, {"status": status})
    assert response.status_code == 400
    assert len(response.json()["status"][0]) < 100


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER])
def test_roles_that_read_no_situation_get_an_empty_list_and_404s(
    case: Case, police: Api, member: Any, role: Role
) -> None:
    colleague = member(role=role, agency=police.agency)
    assert colleague.get(CASES).json()["count"] == 0
    for tail in ("", "people/", "contact/", "timeline/"):
        assert colleague.get(url(case, tail)).status_code == 404


def test_header(case: Case, police: Api, member: Any) -> None:
    support = member(AgencyKind.VICTIM_SUPPORT)
    join(case, police, support)
    services.name_coordinator(viewer=police.viewer, case=case, coordinator=police.user, expected_version=1)
    header = support.get(url(case)).json()
    assert header["id"] == str(case.pk)
    assert header["reference"] == case.reference
    assert header["coordinator"] == {"id": str(police.user.pk), "full_name": police.user.full_name}
    assert header["version"] == 2
    compartments = {p["agency"]["id"]: set(p["compartments"]) for p in header["participants"]}
    assert compartments[str(support.agency.pk)] == {"general", "victim_only", "children", "psychosocial"}
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.pk), actor_id=support.user.pk, channel="api"
    ).exists()


@pytest.mark.parametrize(
    "tail",
    ["", "people/", "contact/", "timeline/", "signals/", "incidents/", "notes/", "tasks/", "participants/", "status/"],
)
def test_outsider_unknown_and_malformed_ids_are_json_404(case: Case, member: Any, police: Api, tail: str) -> None:
    outsider = member(AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    method = "get" if tail in ("", "people/", "contact/", "timeline/") else "post"
    for api, path in (
        (outsider, url(case, tail)),
        (police, f"{CASES}{NOWHERE}/{tail}"),
        (police, f"{CASES}not-a-uuid/{tail}"),
        (police, f"{CASES}{str(case.pk)[:-1]}g/{tail}"),
    ):
        response = api.get(path) if method == "get" else api.post(path, {"version": 1})
        assert response.status_code == 404, (path, response.content)
        assert response.json() == {"detail": "Not found."}
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=outsider.user.pk).exists()


@pytest.mark.parametrize(
    "path", [f"/api/v1/notes/{NOWHERE}/", "/api/v1/notes/x/retract/", f"/api/v1/tasks/{NOWHERE}/complete/"]
)
def test_unknown_note_or_task_is_404(police: Api, path: str) -> None:
    assert police.post(path, {"version": 1, "reason": "x"}).status_code in (404, 405)
    assert police.get(path.replace("complete/", "").replace("retract/", "")).status_code == 404


# --- people --------------------------------------------------------------------------------------


def test_each_agency_sees_the_people_of_its_compartments(case: Case, police: Api, member: Any) -> None:
    school = member(AgencyKind.EDUCATION)
    programme = member(AgencyKind.PERPETRATOR_PROGRAMME)
    join(case, police, school)
    join(case, police, programme)
    assert {p["role"] for p in school.get(url(case, "people/")).json()} == {"child_exposed"}
    assert {p["role"] for p in programme.get(url(case, "people/")).json()} == {"victim", "perpetrator"}
    assert len(police.get(url(case, "people/")).json()) == 3


def test_add_a_person(case: Case, police: Api, member: Any) -> None:
    body = {"given_names": "Nadia", "family_name": "Martin", "role": "household", "relationship": "sister"}
    response = police.post(url(case, "people/"), body)
    assert response.status_code == 201, response.content
    assert response.json()["compartment"] == "general"
    assert response.json()["relationship"] == "sister"
    child = police.post(url(case, "people/"), {"given_names": "Adam", "family_name": "M", "role": "child_victim"})
    assert child.json()["compartment"] == "children"

    programme = member(AgencyKind.PERPETRATOR_PROGRAMME)
    join(case, police, programme)
    before = counts()
    response = programme.post(url(case, "people/"), {"given_names": "A", "family_name": "B", "role": "child_victim"})
    assert response.status_code == 404  # the children compartment is not open to it
    assert counts() == before


@pytest.mark.parametrize(
    "body",
    [
        {"given_names": "A", "family_name": "B"},
        {"given_names": "A", "family_name": "B", "role": "neighbour"},
        {"given_names": "A", "family_name": "B", "role": "household", "birth_date": str(TODAY + timedelta(days=1))},
        {"given_names": "A", "family_name": "", "role": "household"},
        {"given_names": "A", "family_name": "B", "role": "household", "aliases": [1, 2]},
    ],
)
def test_bad_person_is_400(case: Case, police: Api, body: Any) -> None:
    before = counts()
    assert police.post(url(case, "people/"), body).status_code == 400
    assert counts() == before


def test_read_only_member_reads_but_may_not_write(case: Case, police: Api, member: Any) -> None:
    reader = member(AgencyKind.VICTIM_SUPPORT, Role.READ_ONLY)
    join(case, police, reader)
    note = services.add_note(viewer=police.viewer, case=case, compartment=Compartment.GENERAL, body="Vue en audition.")
    task = services.add_task(viewer=police.viewer, case=case, title="Appeler", owner_agency=police.agency, due_on=TODAY)
    assert reader.get(url(case, "people/")).status_code == 200
    assert reader.get(url(case, "timeline/")).status_code == 200
    assert reader.get(url(case, "contact/")).status_code == 200
    before = counts()
    for path, body in [
        (url(case, "people/"), {"given_names": "A", "family_name": "B", "role": "household"}),
        (url(case, "notes/"), {"compartment": "general", "body": "x"}),
        (url(case, "incidents/"), {"occurred_on": str(TODAY), "source": "hotline", "forms": ["digital"]}),
        (url(case, "tasks/"), {"title": "x", "owner_agency": str(police.agency.pk), "due_on": str(TODAY)}),
        (url(case, "signals/"), {"channel": "hotline", "received_on": str(TODAY), "first_facts": "x"}),
        (f"/api/v1/notes/{note.pk}/retract/", {"reason": "x", "version": 1}),
        (f"/api/v1/tasks/{task.pk}/complete/", {"version": 1}),
    ]:
        response = reader.post(path, body)
        assert response.status_code == 403, (path, response.content)
        assert response.json() == {"detail": "Your role does not allow this."}
    assert reader.put(url(case, "contact/"), {**CONTACT, "version": None}).status_code == 403
    assert reader.patch(f"/api/v1/notes/{note.pk}/", {"body": "x", "version": 1}).status_code == 403
    assert counts() == before


# --- the victim's safe contact -------------------------------------------------------------------


def test_safe_contact_is_created_then_updated_with_its_version(case: Case, police: Api) -> None:
    empty = police.get(url(case, "contact/"))
    assert empty.status_code == 200
    assert empty.json()["version"] is None
    assert empty.json()["safe_phone"] == ""
    victim_id = empty.json()["victim_id"]
    assert victim_id == str(case.people.get(role=PersonRole.VICTIM).pk)

    created = police.put(url(case, "contact/"), {**CONTACT, "version": None})
    assert created.status_code == 200, created.content
    assert created.json() == {**CONTACT, "victim_id": victim_id, "version": 1}
    assert police.get(url(case, "contact/")).json() == created.json()

    updated = police.put(url(case, "contact/"), {**CONTACT, "may_leave_message": True, "version": 1})
    assert updated.json()["version"] == 2
    assert updated.json()["may_leave_message"] is True
    assert VictimContact.objects.get().may_leave_message is True


@pytest.mark.parametrize("version", [None, 1, 5])
def test_stale_safe_contact_is_409_and_nothing_changes(case: Case, police: Api, version: int | None) -> None:
    police.put(url(case, "contact/"), {**CONTACT, "version": None})
    police.put(url(case, "contact/"), {**CONTACT, "safe_times": "le soir", "version": 1})
    before = counts()
    response = police.put(url(case, "contact/"), {**CONTACT, "address": "ailleurs", "version": version})
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "stale_version"
    assert counts() == before
    assert VictimContact.objects.get().address == ADDRESS


@pytest.mark.parametrize(
    "body",
    [
        dict(CONTACT),  # no version
        {**CONTACT, "version": "1"},
        {**CONTACT, "version": 0},
        {**CONTACT, "may_leave_message": "no"},
        {**CONTACT, "safe_email": "not an email"},
        {**CONTACT, "safe_phone": 612345678, "version": None},
        {k: v for k, v in CONTACT.items() if k != "address"} | {"version": None},
    ],
)
def test_bad_safe_contact_is_400(case: Case, police: Api, body: Any) -> None:
    before = counts()
    response = police.put(url(case, "contact/"), body)
    assert response.status_code == 400, response.content
    assert counts() == before
    assert not any(secret in all_text(response) for secret in SECRETS)


@pytest.mark.parametrize("kind", [AgencyKind.PERPETRATOR_PROGRAMME, AgencyKind.PROBATION, AgencyKind.HEALTH])
def test_safe_contact_is_404_where_the_victim_only_compartment_is_closed(
    case: Case, police: Api, member: Any, kind: AgencyKind
) -> None:
    fill_victim_only(case, police)
    other = member(kind, Role.COORDINATOR)
    join(case, police, other)
    before = counts()
    assert other.get(url(case, "contact/")).status_code == 404
    assert other.put(url(case, "contact/"), {**CONTACT, "address": "x", "version": 1}).status_code == 404
    assert counts() == before
    denied = AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, actor_id=other.user.pk)
    assert {event.reason for event in denied} == {"view_case:compartment_closed"}
    assert all(event.fields == ["victim_only"] for event in denied)


def test_safe_contact_is_never_logged_nor_audited(case: Case, police: Api, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    police.put(url(case, "contact/"), {**CONTACT, "version": None})
    police.get(url(case, "contact/"))
    police.put(url(case, "contact/"), {**CONTACT, "safe_times": "Le soir", "version": 1})
    police.put(url(case, "contact/"), {**CONTACT, "version": 1})  # stale
    police.put(url(case, "contact/"), {**CONTACT, "safe_email": "bad"})  # invalid
    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    stored = json.dumps([list(e) for e in AuditEvent.objects.values_list()], default=str)
    for secret in (SAFE_PHONE, SAFE_EMAIL, CODE_WORD, ADDRESS):
        assert secret not in logged
        assert secret not in stored
    events = AuditEvent.objects.filter(object_type="cases.victimcontact")
    assert {e.action for e in events} == {AuditAction.CREATE, AuditAction.UPDATE, AuditAction.VIEW}


# --- a perpetrator programme never gets victim-only content, on any endpoint ---------------------


def test_perpetrator_programme_gets_no_victim_only_content_anywhere(case: Case, police: Api, member: Any) -> None:
    fill_victim_only(case, police)
    programme = member(AgencyKind.PERPETRATOR_PROGRAMME, Role.COORDINATOR)
    join(case, police, programme)
    victim_note = Note.objects.get(compartment=Compartment.VICTIM_ONLY)
    shared = services.add_note(viewer=police.viewer, case=case, compartment=Compartment.GENERAL, body="Audition.")
    task = services.add_task(
        viewer=police.viewer, case=case, title="Stage", owner_agency=programme.agency, due_on=TODAY
    )
    answers = [
        programme.get(CASES),
        programme.get(url(case)),
        programme.get(url(case, "people/")),
        programme.get(url(case, "contact/")),
        programme.get(url(case, "timeline/")),
        programme.get(f"/api/v1/notes/{victim_note.pk}/"),
        programme.get(f"/api/v1/notes/{shared.pk}/"),
        programme.get(f"/api/v1/tasks/{task.pk}/"),
        programme.put(url(case, "contact/"), {**CONTACT, "version": 1}),
        programme.patch(f"/api/v1/notes/{victim_note.pk}/", {"body": "x", "version": 1}),
        programme.post(f"/api/v1/notes/{victim_note.pk}/retract/", {"reason": "x", "version": 1}),
        programme.post(url(case, "notes/"), {"compartment": "victim_only", "body": "x"}),
        programme.post(url(case, "notes/"), {"compartment": "perpetrator_side", "body": "Premier entretien."}),
        programme.post(url(case, "incidents/"), {"occurred_on": str(TODAY), "source": "hotline", "forms": ["digital"]}),
        programme.post(f"/api/v1/tasks/{task.pk}/complete/", {"version": 1}),
        programme.post(url(case, "signals/"), {"channel": "hotline", "received_on": str(TODAY), "first_facts": "x"}),
    ]
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200, 200, 200, 404, 200, 404, 200, 200, 404, 404, 404, 404, 201, 201, 200, 201]
    for answer in answers:
        text = all_text(answer)
        assert not any(secret in text for secret in SECRETS), text[:500]
        if text:
            assert "victim_only" not in compartments_of(answer.json())
    timeline = programme.get(url(case, "timeline/")).json()["results"]
    assert {entry["compartment"] for entry in timeline} <= {"general", "perpetrator_side"}
    assert Note.objects.get(pk=victim_note.pk).version == 1
    # The same situation as the police sees it has all of it.
    police_text = all_text(police.get(url(case, "timeline/"))) + all_text(police.get(url(case, "contact/")))
    assert all(secret in police_text for secret in SECRETS)


# --- timeline ------------------------------------------------------------------------------------


def test_timeline_merges_every_kind_newest_first_with_typed_payloads(case: Case, police: Api) -> None:
    services.record_incident(
        viewer=police.viewer,
        case=case,
        values={"occurred_on": date(2026, 11, 19), "source": "complaint", "forms": ["physical"], "strangulation": True},
    )
    note = services.add_note(viewer=police.viewer, case=case, compartment=Compartment.JUDICIAL, body="Plainte.")
    services.retract_note(viewer=police.viewer, note=note, reason="Erreur de dossier", expected_version=1)
    services.add_task(viewer=police.viewer, case=case, title="Rappeler", owner_agency=police.agency, due_on=TODAY)
    response = police.get(url(case, "timeline/"))
    assert response.status_code == 200
    entries = response.json()["results"]
    assert {e["kind"] for e in entries} == {"intake", "incident", "note", "task", "status"}
    dates = [e["date"][:10] for e in entries]
    assert dates == sorted(dates, reverse=True)
    by_kind = {e["kind"]: e for e in entries}
    assert by_kind["incident"]["payload"]["strangulation"] is True
    assert by_kind["incident"]["date"] == "2026-11-19"
    assert by_kind["intake"]["payload"]["channel"] == "complaint"
    assert by_kind["intake"]["payload"]["referring_agency"]["id"] == str(police.agency.pk)
    assert by_kind["note"]["compartment"] == "judicial"
    assert by_kind["note"]["payload"]["retraction_reason"] == "Erreur de dossier"
    assert by_kind["note"]["payload"]["retracted_at"] is not None
    assert by_kind["task"]["payload"]["owner"] is None
    assert by_kind["status"]["payload"]["to_status"] == "signalled"
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(case.pk)).values_list("fields", flat=True)
    assert ["incident", "intake", "note", "status", "task"] in list(viewed)


def test_timeline_is_paginated(case: Case, police: Api) -> None:
    for n in range(55):
        services.add_note(viewer=police.viewer, case=case, compartment=Compartment.GENERAL, body=f"n{n}")
    first = police.get(url(case, "timeline/")).json()
    assert first["count"] == 55 + 2  # intake and the first status
    assert len(first["results"]) == 50
    assert len(police.get(url(case, "timeline/"), {"page": 2}).json()["results"]) == 7


# --- incidents -----------------------------------------------------------------------------------


def test_record_an_incident(case: Case, police: Api) -> None:
    body = {
        "occurred_on": str(TODAY),
        "place": "domicile",
        "forms": ["physical", "psychological", "physical"],
        "strangulation": True,
        "children_present": True,
        "source": "police_callout",
        "compartment": "judicial",
    }
    response = police.post(url(case, "incidents/"), body)
    assert response.status_code == 201, response.content
    incident = response.json()
    assert incident["forms"] == ["physical", "psychological"]
    assert incident["compartment"] == "judicial"
    assert incident["recorded_by_agency"]["id"] == str(police.agency.pk)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"occurred_on": str(TODAY + timedelta(days=1)), "source": "hotline", "forms": ["physical"]}, "occurred_on"),
        # before the victim was born
        ({"occurred_on": "1990-01-01", "source": "hotline", "forms": ["physical"]}, "occurred_on"),
        ({"occurred_on": str(TODAY), "forms": ["physical"]}, "source"),
        ({"occurred_on": str(TODAY), "source": "hotline"}, "forms"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": []}, "forms"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": ["verbal"]}, "forms"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": "physical"}, "forms"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": ["digital"], "strangulation": 1}, "strangulation"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": ["digital"], "compartment": "x"}, "compartment"),
        ({"occurred_on": str(TODAY), "source": "hotline", "forms": ["digital"], "weapon": "w" * 121}, "weapon"),
    ],
)
def test_bad_incident_is_400(case: Case, police: Api, body: Any, field: str) -> None:
    before = counts()
    response = police.post(url(case, "incidents/"), body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before


# --- notes ---------------------------------------------------------------------------------------


def test_note_is_written_edited_with_revisions_and_retracted(case: Case, police: Api) -> None:
    created = police.post(url(case, "notes/"), {"compartment": "general", "body": "Vue au commissariat."})
    assert created.status_code == 201, created.content
    note = created.json()
    assert (note["version"], note["revisions"], note["retracted_at"]) == (1, [], None)
    path = f"/api/v1/notes/{note['id']}/"

    edited = police.patch(path, {"body": "Vue au commissariat le 20.", "version": 1})
    assert edited.status_code == 200, edited.content
    assert edited.json()["version"] == 2
    (revision,) = edited.json()["revisions"]
    assert (revision["version"], revision["body"]) == (1, "Vue au commissariat.")
    assert revision["edited_by"]["id"] == str(police.user.pk)

    retracted = police.post(f"{path}retract/", {"reason": "Doublon", "version": 2})
    assert retracted.status_code == 200, retracted.content
    assert retracted.json()["retraction_reason"] == "Doublon"
    assert police.get(path).json()["retracted_at"] is not None

    before = counts()
    refused = police.patch(path, {"body": "encore", "version": 3})
    assert refused.status_code == 400
    assert refused.json() == {"non_field_errors": ["A retracted note cannot be edited."]}
    # Retracting again would overwrite when and why it was first retracted.
    again = police.post(f"{path}retract/", {"reason": "Autre raison", "version": 3})
    assert again.json() == {"non_field_errors": ["A retracted note cannot be edited."]}
    assert counts() == before
    assert Note.objects.get().retraction_reason == "Doublon"


def test_stale_note_edit_is_409_and_nothing_changes(case: Case, police: Api) -> None:
    note = services.add_note(viewer=police.viewer, case=case, compartment=Compartment.GENERAL, body="v1")
    path = f"/api/v1/notes/{note.pk}/"
    assert police.patch(path, {"body": "v2", "version": 1}).status_code == 200
    before = counts()
    for method, target, body in [
        ("patch", path, {"body": "lost update", "version": 1}),
        ("post", f"{path}retract/", {"reason": "x", "version": 1}),
    ]:
        response = police.send(method, target, body)
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "stale_version"
    assert counts() == before
    assert Note.objects.get().body == "v2"


@pytest.mark.parametrize(
    "body",
    [
        {"body": "x"},
        {"version": 1},
        {"body": "x", "version": None},
        {"body": "x", "version": "1"},
        {"body": "x", "version": 1.0},
        {"body": "x", "version": True},
        {"body": "   ", "version": 1},
        {"body": ["x"], "version": 1},
    ],
)
def test_bad_note_edit_is_400(case: Case, police: Api, body: Any) -> None:
    note = services.add_note(viewer=police.viewer, case=case, compartment=Compartment.GENERAL, body="v1")
    before = counts()
    assert police.patch(f"/api/v1/notes/{note.pk}/", body).status_code == 400
    assert counts() == before


@pytest.mark.parametrize(
    "body", [{"compartment": "general"}, {"compartment": "nowhere", "body": "x"}, {"body": "x"}, {"compartment": 1}]
)
def test_bad_note_is_400(case: Case, police: Api, body: Any) -> None:
    before = counts()
    assert police.post(url(case, "notes/"), body).status_code == 400
    assert counts() == before


def test_note_in_a_closed_compartment_is_404(case: Case, police: Api) -> None:
    before = counts()
    assert police.post(url(case, "notes/"), {"compartment": "medical", "body": "x"}).status_code == 404
    assert counts() == before


# --- tasks ---------------------------------------------------------------------------------------


def test_task_is_given_to_a_participating_agency_and_completed(case: Case, police: Api, member: Any) -> None:
    support = member(AgencyKind.VICTIM_SUPPORT)
    join(case, police, support)
    body = {"title": "Proposer un accompagnement", "owner_agency": str(support.agency.pk), "due_on": str(TODAY)}
    response = police.post(url(case, "tasks/"), {**body, "owner": str(support.user.pk)})
    assert response.status_code == 201, response.content
    task = response.json()
    assert (task["status"], task["owner"]["id"], task["version"]) == ("open", str(support.user.pk), 1)

    done = support.post(f"/api/v1/tasks/{task['id']}/complete/", {"version": 1})
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["version"]) == ("done", 2)
    assert done.json()["completed_at"] is not None
    assert Task.objects.get().status == TaskStatus.DONE

    before = counts()
    again = support.post(f"/api/v1/tasks/{task['id']}/complete/", {"version": 2})
    assert again.status_code == 400, "a done task cannot be completed again"
    assert support.post(f"/api/v1/tasks/{task['id']}/complete/", {}).status_code == 400
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"owner_agency": NOWHERE}, "owner_agency"),
        ({"owner_agency": "police"}, "owner_agency"),
        ({"owner_agency": None}, "owner_agency"),
        ({"due_on": "tomorrow"}, "due_on"),
        ({"title": ""}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"owner": NOWHERE}, "owner"),
        ({"owner": 5}, "owner"),
    ],
)
def test_bad_task_is_400(case: Case, police: Api, change: dict[str, Any], field: str) -> None:
    body = {"title": "Rappeler", "owner_agency": str(police.agency.pk), "due_on": str(TODAY), **change}
    before = counts()
    response = police.post(url(case, "tasks/"), body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert counts() == before


def test_task_for_an_agency_not_taking_part_or_a_stranger_is_400(case: Case, police: Api, member: Any) -> None:
    stranger = member(AgencyKind.HEALTH)
    before = counts()
    body = {"title": "x", "owner_agency": str(stranger.agency.pk), "due_on": str(TODAY)}
    assert police.post(url(case, "tasks/"), body).json() == {
        "owner_agency": ["A task can only be given to an agency taking part."]
    }
    body = {"title": "x", "owner_agency": str(police.agency.pk), "due_on": str(TODAY), "owner": str(stranger.user.pk)}
    assert police.post(url(case, "tasks/"), body).json() == {
        "owner": ["This person does not work for the agency in charge."]
    }
    assert counts() == before


# --- participants --------------------------------------------------------------------------------


def test_coordinator_invites_and_ends_a_participation_which_closes_access_at_once(
    case: Case, police: Api, member: Any
) -> None:
    health = member(AgencyKind.HEALTH)
    assert health.get(url(case)).status_code == 404
    response = police.post(url(case, "participants/"), {"agency": str(health.agency.pk)})
    assert response.status_code == 201, response.content
    participant = response.json()
    assert set(participant["compartments"]) == {"general", "medical"}
    assert participant["role"] == "partner"
    assert health.get(url(case)).status_code == 200

    before = counts()
    assert police.post(url(case, "participants/"), {"agency": str(health.agency.pk)}).json() == {
        "agency": ["This agency already takes part."]
    }
    assert counts() == before

    assert police.delete(f"/api/v1/participants/{participant['id']}/").status_code == 204
    assert health.get(url(case)).status_code == 404
    assert health.get(url(case, "timeline/")).status_code == 404
    assert health.get(CASES).json()["count"] == 0
    assert police.delete(f"/api/v1/participants/{participant['id']}/").status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"agency": NOWHERE}, {"agency": "x"}, {"agency": 3}, {"agency": None}, {"agency": [str(NOWHERE)]}],
)
def test_bad_invitation_is_400(case: Case, police: Api, body: Any) -> None:
    before = counts()
    assert police.post(url(case, "participants/"), body).status_code == 400
    assert counts() == before


def test_inviting_a_governance_body_or_an_inactive_agency_is_400(case: Case, police: Api) -> None:
    before = counts()
    for agency in (AgencyFactory(kind=AgencyKind.GOVERNANCE), AgencyFactory(is_active=False)):
        response = police.post(url(case, "participants/"), {"agency": str(agency.pk)})
        assert response.status_code == 400
        assert "agency" in response.json()
    assert counts() == before


def test_coordinating_agency_cannot_leave(case: Case, police: Api) -> None:
    own = case.participations.get(agency=police.agency)
    response = police.delete(f"/api/v1/participants/{own.pk}/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The coordinating agency cannot leave; name another coordinator first."]
    }


def test_only_the_coordinating_agency_manages_participants_and_status(case: Case, police: Api, member: Any) -> None:
    partner = member(AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    join(case, police, partner)
    health = member(AgencyKind.HEALTH)
    participation = join(case, police, health)
    newcomer = AgencyFactory()
    before = counts()
    for response in (
        partner.post(url(case, "participants/"), {"agency": str(newcomer.pk)}),
        partner.delete(f"/api/v1/participants/{participation.pk}/"),
        partner.post(url(case, "status/"), {"to_status": "active", "version": 1}),
        partner.post(url(case, "coordinator/"), {"coordinator": str(partner.user.pk), "version": 1}),
    ):
        assert response.status_code == 403, response.content
        assert response.json() == {"detail": "Only the coordinating agency can do this."}
    assert counts() == before
    outsider = member(AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    before = counts()
    assert outsider.delete(f"/api/v1/participants/{participation.pk}/").status_code == 404
    assert counts() == before


# --- lifecycle -----------------------------------------------------------------------------------


def test_lifecycle_close_with_a_reason_and_reopen_as_repeat_on_a_new_signal(case: Case, police: Api) -> None:
    active = police.post(url(case, "status/"), {"to_status": "active", "comment": "Évaluée", "version": 1})
    assert active.status_code == 200, active.content
    assert (active.json()["status"], active.json()["version"]) == ("active", 2)

    before = counts()
    no_reason = police.post(url(case, "status/"), {"to_status": "closed", "version": 2})
    assert no_reason.json() == {"reason": ["Choose the reason for closing."]}
    impossible = police.post(url(case, "status/"), {"to_status": "signalled", "version": 2})
    assert impossible.status_code == 400
    assert "to_status" in impossible.json()
    stale = police.post(url(case, "status/"), {"to_status": "monitoring", "version": 1})
    assert stale.status_code == 409
    for body in ({"to_status": "monitoring"}, {"to_status": "paused", "version": 2}, {"version": 2}):
        assert police.post(url(case, "status/"), body).status_code == 400
    assert counts() == before

    closed = police.post(url(case, "status/"), {"to_status": "closed", "reason": "exit_from_violence", "version": 2})
    assert closed.json()["status"] == "closed"
    assert closed.json()["closure_reason"] == "exit_from_violence"
    assert closed.json()["closed_at"] is not None

    signal = {"channel": "police_callout", "received_on": str(TODAY), "first_facts": "Nouvel appel au 17."}
    response = police.post(url(case, "signals/"), signal)
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "police_callout"
    header = police.get(url(case)).json()
    assert (header["status"], header["is_repeat"], header["closed_at"]) == ("evaluating", True, None)
    steps = [
        e["payload"]["to_status"] for e in police.get(url(case, "timeline/")).json()["results"] if e["kind"] == "status"
    ]
    assert steps == ["evaluating", "closed", "active", "signalled"]


def test_future_signal_is_400(case: Case, police: Api) -> None:
    before = counts()
    signal = {"channel": "hotline", "received_on": str(TODAY + timedelta(days=1)), "first_facts": "x"}
    assert police.post(url(case, "signals/"), signal).json() == {"received_on": ["This date is in the future."]}
    assert counts() == before


def test_naming_the_coordinator(case: Case, police: Api, member: Any) -> None:
    colleague = member(role=Role.PRACTITIONER, agency=police.agency)
    before = counts()
    refused = police.post(url(case, "coordinator/"), {"coordinator": str(colleague.user.pk), "version": 1})
    assert refused.json() == {"coordinator": ["The coordinator must be a coordinator of the coordinating agency."]}
    assert police.post(url(case, "coordinator/"), {"coordinator": NOWHERE, "version": 1}).status_code == 400
    assert counts() == before
    MembershipFactory(user=colleague.user, agency=police.agency, role=Role.COORDINATOR)
    named = police.post(url(case, "coordinator/"), {"coordinator": str(colleague.user.pk), "version": 1})
    assert named.status_code == 200, named.content
    assert named.json()["coordinator"]["id"] == str(colleague.user.pk)
    assert police.post(url(case, "coordinator/"), {"coordinator": str(police.user.pk), "version": 1}).status_code == 409


# --- sessions work too ---------------------------------------------------------------------------


def test_session_user_reads_the_situation(case: Case, police: Api, client: Client, login: Any) -> None:
    login(police.user)
    assert client.get(url(case)).status_code == 200
    assert client.get(url(case, "contact/")).status_code == 200
