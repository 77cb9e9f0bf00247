"""What people see of the trail: the DPO reviews their agency's entries; everyone their own sign-ins."""

import pytest

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.audit.services import record_event
from maillage.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_dpo_reviews_the_entries_of_their_agency_only(client, make_member, login):
    dpo = make_member(Role.DATA_PROTECTION_OFFICER)
    agency = dpo.memberships.get().agency
    record_event(AuditAction.EXPORT, object_type="cases.case", object_id="ours", agency_id=agency.pk)
    record_event(AuditAction.EXPORT, object_type="cases.elsewhere", object_id="theirs", agency_id=AgencyFactory().pk)
    login(dpo)

    content = client.get("/audit/", {"action": "export"}).content.decode()

    assert "cases.case" in content
    assert "cases.elsewhere" not in content
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="audit.trail", actor_id=dpo.pk).exists()


@pytest.mark.parametrize("role", [Role.AGENCY_ADMIN, Role.COORDINATOR, Role.PRACTITIONER])
def test_other_roles_cannot_read_the_trail(client, make_member, login, role):
    login(make_member(role))

    assert client.get("/audit/").status_code == 403


def test_dashboard_shows_the_users_own_recent_sign_ins_and_failures(client, make_member, login):
    user = make_member(Role.COORDINATOR)
    client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    login(user)

    content = client.get("/").content.decode()

    assert "Vos connexions récentes" in content
    assert "Échec de connexion" in content
