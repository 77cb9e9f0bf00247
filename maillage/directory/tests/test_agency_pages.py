"""The partner directory pages: search, details, and an administrator editing their agency."""

import pytest

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_active_agencies_filtered_by_kind_and_search(client, make_member, login):
    login(make_member(Role.PRACTITIONER))
    AgencyFactory(name="CIDFF de Montreval", kind=AgencyKind.WOMENS_SERVICE, municipality="Montreval")
    AgencyFactory(name="Gendarmerie de Montreval", kind=AgencyKind.GENDARMERIE, municipality="Montreval")
    AgencyFactory(name="Ancienne structure", kind=AgencyKind.GENDARMERIE, is_active=False)

    by_kind = client.get("/directory/", {"kind": "gendarmerie"}).content.decode()
    by_search = client.get("/directory/", {"q": "cidff"}).content.decode()

    assert "Gendarmerie de Montreval" in by_kind
    assert "CIDFF de Montreval" not in by_kind
    assert "Ancienne structure" not in by_kind
    assert "CIDFF de Montreval" in by_search
    assert "Gendarmerie de Montreval" not in by_search


def test_htmx_search_returns_only_the_results_fragment(client, make_member, login):
    login(make_member(Role.PRACTITIONER))
    AgencyFactory(name="CIDFF de Montreval")

    response = client.get("/directory/", {"q": "cidff"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "CIDFF de Montreval" in content
    assert "<html" not in content
    assert 'hx-swap-oob="innerHTML:#agency-count"' in content
    assert "1 structure trouvée" in content


def test_unknown_kind_filter_is_ignored_not_an_error(client, make_member, login):
    login(make_member(Role.PRACTITIONER))

    assert client.get("/directory/", {"kind": "<script>"}).status_code == 200


def test_unknown_agency_answers_404(client, make_member, login):
    login(make_member(Role.PRACTITIONER))

    assert client.get("/directory/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/directory/1/").status_code == 404


def test_admin_edits_the_contact_details_of_their_agency(client, make_member, login):
    admin = make_member(Role.AGENCY_ADMIN)
    login(admin)
    agency = admin.memberships.get().agency
    form = {"name": agency.name, "department_code": "82", "municipality": "Montauban", "email": "", "phone": "05 63"}

    response = client.post(f"/directory/{agency.pk}/edit/", {**form, "version": agency.version})

    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.department_code, agency.municipality, agency.version) == ("82", "Montauban", 2)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(agency.pk))
    assert event.fields == ["department_code", "municipality", "phone"]


def test_edit_from_a_stale_page_is_refused_and_keeps_the_other_edit(client, make_member, login):
    admin = make_member(Role.AGENCY_ADMIN)
    login(admin)
    agency = admin.memberships.get().agency
    opened_version = agency.version
    Agency.objects.filter(pk=agency.pk).update(municipality="Changé par un collègue", version=opened_version + 1)

    response = client.post(
        f"/directory/{agency.pk}/edit/",
        {"name": agency.name, "department_code": "99", "municipality": "Mon changement", "version": opened_version},
    )

    assert response.status_code == 400
    assert "Quelqu’un d’autre a modifié" in response.content.decode()
    agency.refresh_from_db()
    assert agency.municipality == "Changé par un collègue"


def test_invalid_input_gives_field_errors_and_changes_nothing(client, make_member, login):
    admin = make_member(Role.AGENCY_ADMIN)
    login(admin)
    agency = admin.memberships.get().agency

    response = client.post(
        f"/directory/{agency.pk}/edit/",
        {"name": "", "department_code": "99", "email": "pas-un-email", "version": agency.version},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Ce champ est obligatoire" in content
    assert "Saisissez une adresse e-mail valide" in content
    agency.refresh_from_db()
    assert agency.name and agency.version == 1


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AGENCY_ADMIN])
def test_only_the_agency_admin_may_edit(client, make_member, login, role):
    user = make_member(role)
    login(user)
    agency = user.memberships.get().agency

    assert client.get(f"/directory/{agency.pk}/edit/").status_code == 403


def test_admin_cannot_edit_another_agency(client, make_member, login):
    login(make_member(Role.AGENCY_ADMIN))
    other = AgencyFactory(name="Autre structure")

    response = client.post(
        f"/directory/{other.pk}/edit/", {"name": "Piratée", "department_code": "99", "version": other.version}
    )

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name == "Autre structure"


def test_saving_an_unchanged_form_from_a_stale_page_still_warns(client, make_member, login):
    admin = make_member(Role.AGENCY_ADMIN)
    login(admin)
    agency = admin.memberships.get().agency
    form = {"name": agency.name, "department_code": agency.department_code, "municipality": agency.municipality}
    Agency.objects.filter(pk=agency.pk).update(version=agency.version + 1)

    response = client.post(f"/directory/{agency.pk}/edit/", {**form, "version": agency.version})

    assert response.status_code == 400
    assert "Quelqu’un d’autre a modifié" in response.content.decode()


def test_admin_records_the_languages_and_accessibility_of_their_agency(client, make_member, login):
    admin = make_member(Role.AGENCY_ADMIN)
    login(admin)
    agency = admin.memberships.get().agency
    form = {"name": agency.name, "department_code": "99", "postcode": "99000", "version": agency.version}

    response = client.post(
        f"/directory/{agency.pk}/edit/", {**form, "languages": ["fr", "fsl"], "accessibility": "Boucle magnétique"}
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.languages, agency.accessibility, agency.postcode) == ("fr,fsl", "Boucle magnétique", "99000")
    page = client.get(f"/directory/{agency.pk}/").content.decode()
    assert "Français, Langue des signes française (LSF)" in page
