"""An agency administrator manages the team of their agency, and only of their agency."""

import pytest

from maillage.accounts.models import Membership, Role, User
from maillage.audit.models import AuditAction, AuditEvent
from maillage.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_member, login):
    user = make_member(Role.AGENCY_ADMIN)
    login(user)
    return user


def agency_of(user):
    return user.memberships.get().agency


def test_admin_gives_a_new_person_a_role(client, admin):
    response = client.post(
        "/account/team/", {"full_name": "Nadia Nouvelle", "email": "Nadia@Example.test", "role": "coordinator"}
    )

    assert response.status_code == 302
    newcomer = User.objects.get(email="nadia@example.test")
    assert not newcomer.has_usable_password(), "they set their own password through the reset link"
    membership = Membership.objects.get(user=newcomer)
    assert (membership.agency, membership.role) == (agency_of(admin), Role.COORDINATOR)
    change = AuditEvent.objects.get(action=AuditAction.PERMISSION_CHANGE, object_id=str(membership.pk))
    assert change.actor_id == admin.pk
    assert change.fields == ["is_active", "role"]


def test_invalid_email_is_refused_with_a_french_message_and_nothing_created(client, admin):
    response = client.post("/account/team/", {"full_name": "X", "email": "not-an-email", "role": "coordinator"})

    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide" in response.content.decode()
    assert Membership.objects.count() == 1


def test_unknown_role_is_refused(client, admin):
    response = client.post("/account/team/", {"full_name": "X", "email": "x@example.test", "role": "superuser"})

    assert response.status_code == 400
    assert not User.objects.filter(email="x@example.test").exists()


def test_same_role_twice_is_refused_with_a_message(client, admin, make_member):
    colleague = make_member(Role.COORDINATOR, agency=agency_of(admin))

    response = client.post(
        "/account/team/", {"full_name": colleague.full_name, "email": colleague.email, "role": "coordinator"}
    )

    assert response.status_code == 400
    assert Membership.objects.filter(user=colleague).count() == 1


def test_practitioner_sees_the_team_but_cannot_change_it(client, make_member, login):
    practitioner = make_member(Role.PRACTITIONER)
    login(practitioner)

    page = client.get("/account/team/")
    response = client.post("/account/team/", {"full_name": "X", "email": "x@example.test", "role": "agency_admin"})

    assert page.status_code == 200
    assert "Ajouter à l’équipe" not in page.content.decode()
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.test").exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, reason="manage_members:role_not_permitted")


def test_admin_changes_a_role(client, admin, make_member):
    colleague = make_member(Role.PRACTITIONER, agency=agency_of(admin))
    membership = colleague.memberships.get()

    response = client.post(
        f"/account/team/{membership.pk}/", {"change_role": "1", "role": "coordinator", "version": membership.version}
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert membership.version == 2


def test_role_change_on_a_stale_page_is_refused_and_changes_nothing(client, admin, make_member):
    colleague = make_member(Role.PRACTITIONER, agency=agency_of(admin))
    membership = colleague.memberships.get()
    opened_version = membership.version
    Membership.objects.filter(pk=membership.pk).update(role=Role.READ_ONLY, version=opened_version + 1)

    response = client.post(
        f"/account/team/{membership.pk}/",
        {"change_role": "1", "role": "coordinator", "version": opened_version},
        follow=True,
    )

    membership.refresh_from_db()
    assert membership.role == Role.READ_ONLY
    assert "Quelqu’un d’autre a modifié" in response.content.decode()


def test_admin_ends_a_membership_and_access_stops(client, admin, make_member):
    colleague = make_member(Role.PRACTITIONER, agency=agency_of(admin))
    membership = colleague.memberships.get()

    client.post(f"/account/team/{membership.pk}/", {"deactivate": "1", "version": membership.version})

    membership.refresh_from_db()
    assert membership.is_active is False
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_CHANGE, fields=["is_active"]).exists()


def test_last_administrator_cannot_be_removed(client, admin):
    membership = admin.memberships.get()

    response = client.post(
        f"/account/team/{membership.pk}/", {"deactivate": "1", "version": membership.version}, follow=True
    )

    membership.refresh_from_db()
    assert membership.is_active
    assert "au moins un·e administrateur·rice" in response.content.decode()


def test_membership_of_another_agency_answers_404(client, admin):
    foreign = MembershipFactory(role=Role.PRACTITIONER)

    assert client.get(f"/account/team/{foreign.pk}/").status_code == 404
    response = client.post(f"/account/team/{foreign.pk}/", {"deactivate": "1", "version": foreign.version})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active


def test_malformed_membership_id_answers_404(client, admin):
    assert client.get("/account/team/12345/").status_code == 404


def test_viewing_the_team_is_audited(client, admin):
    response = client.get("/account/team/")

    assert "Ajouter à l’équipe" in response.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="accounts.membership_list", actor_id=admin.pk
    ).exists()


def test_new_member_form_proposes_the_practitioner_role_not_administrator(client, admin):
    content = client.get("/account/team/").content.decode()

    assert '<option value="practitioner" selected>' in content
