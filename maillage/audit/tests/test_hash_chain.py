"""The audit trail is append-only and tamper-evident: verify_audit catches every kind of tampering."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from maillage.audit.models import AuditAction, AuditEvent
from maillage.audit.services import record_event
from maillage.audit.tests.tampering import execute
from maillage.audit.verify import verify_trail

pytestmark = pytest.mark.django_db


def record_entries(count: int, *, day: datetime | None = None) -> list[AuditEvent]:
    moment = day or datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    entries = []
    for index in range(count):
        with mock.patch("maillage.audit.services.timezone.now", return_value=moment + timedelta(seconds=index)):
            entries.append(record_event(AuditAction.VIEW, object_type="cases.case", object_id=f"obj-{index}"))
    return entries


def verify_command_output() -> str:
    try:
        call_command("verify_audit")
    except CommandError as error:
        return f"BROKEN: {error}"
    return "INTACT"


def test_entries_are_numbered_and_linked_within_a_day():
    first, second, third = record_entries(3)

    assert [e.position for e in (first, second, third)] == [1, 2, 3]
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert {e.chain for e in (first, second, third)} == {"2026-11-26"}


def test_each_day_starts_a_new_chain_linked_to_the_day_before():
    (last_of_monday,) = record_entries(1, day=datetime(2026, 11, 23, 23, 59, tzinfo=UTC))
    (first_of_tuesday,) = record_entries(1, day=datetime(2026, 11, 24, 0, 1, tzinfo=UTC))

    assert first_of_tuesday.chain == "2026-11-24"
    assert first_of_tuesday.position == 1
    assert first_of_tuesday.previous_hash == last_of_monday.entry_hash


def test_intact_trail_verifies(capsys):
    record_entries(5)

    call_command("verify_audit")

    assert "5 entries verified" in capsys.readouterr().out


def test_altered_entry_is_detected_and_named():
    entries = record_entries(5)
    execute("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["someone-else", entries[2].id])

    result = verify_trail()

    assert result.first_broken.entry_id == entries[2].id
    assert "altered" in result.first_broken.problem
    assert f"id={entries[2].id}" in verify_command_output()


def test_altered_hash_is_detected_at_the_next_entry():
    entries = record_entries(4)
    execute("UPDATE audit_auditevent SET entry_hash = %s WHERE id = %s", ["f" * 64, entries[1].id])

    assert verify_trail().first_broken.entry_id == entries[1].id


def test_removed_entry_is_detected_at_the_one_after_it():
    entries = record_entries(5)
    execute("DELETE FROM audit_auditevent WHERE id = %s", [entries[2].id])

    result = verify_trail()

    assert result.first_broken.entry_id == entries[3].id
    assert result.entries_checked == 2
    assert "BROKEN" in verify_command_output()


def test_removed_last_entries_are_detected():
    entries = record_entries(4)
    execute("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [entries[2].id, entries[3].id])

    result = verify_trail()

    assert result.first_broken.entry_id is None
    assert "removed" in result.first_broken.problem


def test_removed_whole_day_is_detected():
    record_entries(2, day=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    record_entries(2, day=datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    tuesday = record_entries(2, day=datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    execute("DELETE FROM audit_auditevent WHERE chain = %s", ["2026-11-24"])

    assert verify_trail().first_broken.entry_id == tuesday[0].id


def test_inserted_entry_is_detected():
    entries = record_entries(3)
    execute(
        "UPDATE audit_auditevent SET position = position + 1 WHERE id = %s",
        [entries[2].id],
    )
    execute(
        """INSERT INTO audit_auditevent (chain, position, occurred_at, action, outcome, actor_hint, object_type,
           object_id, fields, basis, reason, request_id, channel, previous_hash, entry_hash)
           VALUES (%s, 3, %s, 'view', 'ok', '', 'cases.case', 'forged', '[]', '', '', 'x', 'web', %s, %s)""",
        [entries[2].chain, entries[2].occurred_at, entries[1].entry_hash, "a" * 64],
    )

    result = verify_trail()

    assert result.first_broken is not None
    assert result.first_broken.position == 3


def test_forged_entry_with_recomputed_plain_hash_is_detected():
    """An attacker without the chain key cannot forge a valid hash, even knowing the format."""
    import hashlib

    entries = record_entries(2)
    execute(
        "UPDATE audit_auditevent SET object_id = 'x', entry_hash = %s WHERE id = %s",
        [hashlib.sha256(b"x").hexdigest(), entries[1].id],
    )

    assert verify_trail().first_broken.entry_id == entries[1].id


def test_reordered_entries_are_detected():
    entries = record_entries(4)
    first, second = entries[1], entries[2]
    execute("UPDATE audit_auditevent SET position = 1000 WHERE id = %s", [first.id])
    execute("UPDATE audit_auditevent SET position = %s WHERE id = %s", [first.position, second.id])
    execute("UPDATE audit_auditevent SET position = %s WHERE id = %s", [second.position, first.id])

    result = verify_trail()

    assert result.first_broken.entry_id == second.id
    assert "BROKEN" in verify_command_output()


def test_verification_can_start_at_a_day():
    record_entries(2, day=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    tuesday = record_entries(3, day=datetime(2026, 11, 24, 12, 0, tzinfo=UTC))

    result = verify_trail(since=datetime(2026, 11, 24).date())

    assert result.intact
    assert result.entries_checked == len(tuesday)


def test_database_refuses_update_and_delete_of_entries():
    (entry,) = record_entries(1)

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).update(object_id="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).delete()

    entry.refresh_from_db()
    assert entry.object_id == "obj-0"


def test_model_refuses_to_save_or_delete_an_existing_entry():
    (entry,) = record_entries(1)
    entry.object_id = "changed"

    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_entries_store_field_names_never_values(make_member):
    from maillage.accounts.models import Role
    from maillage.directory.services import update_agency
    from maillage.policy.viewer import Viewer

    admin = make_member(Role.AGENCY_ADMIN)
    agency = admin.memberships.get().agency

    update_agency(
        viewer=Viewer(user=admin, agency=agency),
        agency=agency,
        expected_version=agency.version,
        changes={"phone": "06 12 34 56 78", "municipality": "Montreval-les-Bains"},
    )

    stored = AuditEvent.objects.filter(action=AuditAction.UPDATE).values().get()
    assert stored["fields"] == ["municipality", "phone"]
    assert "06 12 34 56 78" not in str(stored)
    assert "Montreval-les-Bains" not in str(stored)
