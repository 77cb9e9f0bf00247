"""The possible-match panel of the situation page: the coordinating agency is told that a person may
also be known by another agency, whom to ask and how, and never anything of the other situation."""

import random
from datetime import date
from itertools import combinations

import pytest

from maillage.accounts.models import Role
from maillage.cases import services
from maillage.cases.matching import compare
from maillage.cases.matching.synthetic import generate
from maillage.cases.models import MatchAlert
from maillage.cases.services import PersonDetails
from maillage.cases.templatetags.cases_tags import MATCH_REASONS
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


def member(make_member, kind, role=Role.COORDINATOR):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def police(make_member):
    """The agency that recorded Sofia first, under her birth name as well."""
    viewer = member(make_member, AgencyKind.POLICE)
    viewer.agency.name = "Commissariat de Bourg-Lavaur"
    viewer.agency.email = "accueil-vif@commissariat.example"
    viewer.agency.phone = "05 63 00 00 17"
    viewer.agency.save()
    return viewer


@pytest.fixture
def other_case(police):
    return open_case(
        police,
        victim=PersonDetails("Sofia", "Martin", birth_name="Lefranc", birth_date=date(1997, 3, 14)),
        perpetrator=PersonDetails("Karim", "Benali", birth_date=date(1992, 6, 2)),
        first_facts="Gifle sur le parking du supermarché.",
    )


@pytest.fixture
def support(make_member):
    return member(make_member, AgencyKind.VICTIM_SUPPORT)


@pytest.fixture
def case(support, other_case):
    """The same woman, recorded by victim support with another spelling."""
    return open_case(
        support,
        victim=PersonDetails("SOFIA", "MARTIN", birth_date=date(1997, 3, 14)),
        perpetrator=PersonDetails("Jean", "Inconnu", birth_date=date(1980, 1, 1)),
    )


def test_coordinating_agency_is_told_whom_to_ask_and_sees_nothing_of_the_other_situation(
    client, login, support, case, other_case
):
    login(support.user)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    panel = page[page.index('id="matches-heading"') : page.index('id="people-heading"')]
    assert "Correspondance possible ailleurs" in panel
    assert "SOFIA MARTIN" in panel
    assert "Correspondance probable" in panel
    assert "même date de naissance" in panel
    assert "Demandez à la coordination de la structure « Commissariat de Bourg-Lavaur »." in panel
    assert "accueil-vif@commissariat.example" in panel and "05 63 00 00 17" in panel
    for detail in (other_case.reference, "Lefranc", "Karim", "Benali", "Gifle", "20/11/2026"):
        assert detail not in panel
    for detail in (other_case.reference, "Lefranc", "Karim", "Benali", "Gifle"):
        assert detail not in page


def test_partners_do_not_see_the_match_panel(client, login, make_member, support, case):
    health = member(make_member, AgencyKind.HEALTH)
    services.invite_agency(viewer=support, case=case, agency=health.agency)
    alert = MatchAlert.objects.get(case=case)
    login(health.user)

    page = client.get(f"/cases/{case.pk}/").content.decode()
    answer = client.post(f"/cases/{case.pk}/matches/{alert.pk}/", {"same_person": "yes"})

    assert "Correspondance possible ailleurs" not in page and "accueil-vif@commissariat.example" not in page
    assert answer.status_code == 404
    alert.refresh_from_db()
    assert alert.status == MatchAlert.Status.OPEN


def test_confirming_the_match_removes_it_from_the_panel(client, login, support, case):
    alert = MatchAlert.objects.get(case=case)
    login(support.user)

    response = client.post(f"/cases/{case.pk}/matches/{alert.pk}/", {"same_person": "yes"}, follow=True)

    page = response.content.decode()
    assert "Correspondance possible ailleurs" not in page
    assert "est la même personne que dans la situation suivie par Commissariat de Bourg-Lavaur" in page
    alert.refresh_from_db()
    assert (alert.status, alert.resolved_by) == (MatchAlert.Status.CONFIRMED, support.user)


def test_not_the_same_person_is_recorded_as_dismissed(client, login, support, case):
    alert = MatchAlert.objects.get(case=case)
    login(support.user)

    client.post(f"/cases/{case.pk}/matches/{alert.pk}/", {"same_person": "no"})

    alert.refresh_from_db()
    assert alert.status == MatchAlert.Status.DISMISSED
    assert "Correspondance possible ailleurs" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_every_reason_the_matcher_gives_has_a_translation():
    records = generate(400, seed=3)
    clusters: dict[object, list] = {}
    for record in records:
        clusters.setdefault(record.cluster, []).append(record.record)
    pairs = [pair for group in clusters.values() for pair in combinations(group, 2)]
    rng = random.Random(7)
    pairs += [tuple(rng.sample([record.record for record in records], 2)) for _ in range(300)]

    reasons = {reason for a, b in pairs for reason in compare(a, b).reasons}

    assert reasons - MATCH_REASONS.keys() == set()
    assert len(reasons) > 15
