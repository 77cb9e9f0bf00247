"""The demo: one fictional department with every kind of agency and every role, loaded only in demo mode."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from maillage.accounts.models import Membership, Role, User
from maillage.audit.verify import verify_trail
from maillage.demo.data import DEMO_PASSWORD
from maillage.directory.models import Agency, AgencyKind, Capacity, CapacityRecord, Permanence, Service, Weekday

pytestmark = pytest.mark.django_db


def test_demo_is_refused_outside_demo_mode():
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo")
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo_totp", "admin@demo.maillage.test")
    assert not User.objects.exists()


@override_settings(DEMO_MODE=True)
def test_demo_has_every_agency_kind_and_every_role_and_loads_twice_the_same(capsys):
    call_command("load_demo")
    first_output = capsys.readouterr().out
    counts = (Agency.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("load_demo")
    second_output = capsys.readouterr().out

    assert set(Agency.objects.values_list("kind", flat=True)) == set(AgencyKind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert (Agency.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert DEMO_PASSWORD in first_output
    assert first_output == second_output, "same logins and second-factor secrets printed each time"
    assert verify_trail().intact


@override_settings(DEMO_MODE=True)
def test_demo_login_works_with_the_printed_code(client, capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("demo_totp", "coordinatrice@demo.maillage.test")
    code = capsys.readouterr().out.strip()

    client.post("/accounts/login/", {"login": "coordinatrice@demo.maillage.test", "password": DEMO_PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Association d&#x27;aide aux victimes du Val-de-Loing" in response.content.decode()


@override_settings(DEMO_MODE=True)
def test_demo_directory_is_a_realistic_department_and_loads_twice_the_same(capsys):
    call_command("load_demo")
    counts = [model.objects.count() for model in (Agency, Service, Permanence, Capacity, CapacityRecord)]
    call_command("load_demo")

    assert [model.objects.count() for model in (Agency, Service, Permanence, Capacity, CapacityRecord)] == counts
    assert Agency.objects.filter(department_code="99").count() >= 40
    for kind in AgencyKind:
        assert Agency.objects.filter(kind=kind).count() >= 2, kind
    assert not Agency.objects.exclude(kind=AgencyKind.GOVERNANCE).filter(services__isnull=True).exists()
    # Victim support at the police station on Tuesday mornings; the ISCG at the gendarmerie.
    assert Permanence.objects.filter(
        service__agency__kind=AgencyKind.VICTIM_SUPPORT, host_agency__kind=AgencyKind.POLICE, weekday=Weekday.TUESDAY
    ).exists()
    assert Permanence.objects.filter(
        service__agency__name__startswith="Intervenants sociaux", host_agency__kind=AgencyKind.GENDARMERIE
    ).exists()
    shelters = Capacity.objects.filter(service__agency__kind=AgencyKind.HOUSING)
    assert shelters.count() >= 4
    # A shelter's address is never published.
    assert (
        not Agency.objects.filter(services__provides_shelter=True)
        .exclude(reception_address="")
        .exclude(kind=AgencyKind.WOMENS_SERVICE)
        .exists()
    )
    capsys.readouterr()
