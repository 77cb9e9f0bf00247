"""The demo holds Sofia's situation and a few dozen others at every stage."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from maillage.audit.verify import verify_trail
from maillage.cases.models import Case, CaseStatus, PersonRole
from maillage.demo.situations import load_situations

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_demo_situations_cover_every_stage_and_load_once(capsys):
    call_command("load_demo")

    assert Case.objects.count() >= 30
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    sofia = Case.objects.get(
        people__person__given_names="Sofia", people__role=PersonRole.VICTIM, incidents__strangulation=True
    )
    assert sofia.participations.count() >= 5
    assert load_situations() == 0
    assert verify_trail().intact
