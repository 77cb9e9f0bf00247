"""The demo's governance: the CDPD of Val-de-Loing with its members, a departmental protocol in force
that opens its compartments to its parties, and an expired one that opens nothing."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from maillage.demo import data
from maillage.sharing.models import GovernanceBody, GovernanceMember, Protocol, ProtocolStatus

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_has_a_governance_body_and_protocols_in_force_and_expired_and_loads_twice_the_same(capsys):
    call_command("load_demo")
    counts = (GovernanceBody.objects.count(), GovernanceMember.objects.count(), Protocol.objects.count())
    call_command("load_demo")

    assert (GovernanceBody.objects.count(), GovernanceMember.objects.count(), Protocol.objects.count()) == counts
    body = GovernanceBody.objects.get(name=data.CDPD_BODY)
    assert body.members.count() >= 5
    statuses = {protocol.reference: protocol.status for protocol in Protocol.objects.all()}
    assert statuses == {"PROT-99-2025-01": ProtocolStatus.IN_FORCE, "PROT-99-2021-04": ProtocolStatus.EXPIRED}
    in_force = Protocol.objects.get(reference="PROT-99-2025-01")
    assert set(in_force.parties.values_list("name", flat=True)) == {
        data.POLICE,
        data.GENDARMERIE,
        data.PROSECUTOR,
        data.VICTIM_SUPPORT,
        data.SOCIAL_NORTH,
    }
    assert in_force.compartments == ["judicial", "psychosocial"]
