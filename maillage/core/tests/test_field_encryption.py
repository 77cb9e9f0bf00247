"""Confidential fields are encrypted at rest, and keys can be rotated without losing anything."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from maillage.accounts.models import Role
from maillage.cases.models import PersonRole, VictimContact
from maillage.cases.services import save_victim_contact
from maillage.core import crypto
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_keys_afterwards():
    yield
    crypto.field_cipher.cache_clear()


def use_keys(monkeypatch, *keys):
    monkeypatch.setenv("MAILLAGE_FIELD_KEYS", ",".join(keys))
    crypto.field_cipher.cache_clear()


def stored_address() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM cases_victimcontact")
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_new_key_so_the_old_one_can_go(make_member, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    use_keys(monkeypatch, old)
    user = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    viewer = Viewer(user=user, agency=user.memberships.get().agency)
    case = open_case(viewer)
    values = {
        "safe_phone": "0612345678",
        "safe_email": "",
        "safe_times": "",
        "code_word": "",
        "may_leave_message": False,
    }
    save_victim_contact(
        viewer=viewer,
        case_person=case.people.get(role=PersonRole.VICTIM),
        values={**values, "address": "12 rue des Lilas"},
        expected_version=None,
    )
    before = stored_address()

    use_keys(monkeypatch, new, old)
    call_command("rotate_field_keys")
    use_keys(monkeypatch, new)

    assert stored_address() != before
    assert "Lilas" not in stored_address()
    assert VictimContact.objects.get().address == "12 rue des Lilas"
