"""The same person recorded by two agencies is recognised; each coordinator is told whom to ask,
and neither sees the other's file."""

from datetime import date

import pytest
from django.http import Http404

from maillage.accounts.models import Role
from maillage.cases.models import MatchAlert, PersonMatchKey, PersonRole
from maillage.cases.person_matching import match_alerts, resolve_alert
from maillage.cases.services import PersonDetails, save_victim_contact
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


def coordinator(make_member, kind):
    user = make_member(Role.COORDINATOR, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


def test_same_victim_recorded_by_two_agencies_raises_an_alert_on_both_sides(make_member):
    police = coordinator(make_member, AgencyKind.POLICE)
    hospital_side = coordinator(make_member, AgencyKind.VICTIM_SUPPORT)
    first = open_case(police)
    second = open_case(
        hospital_side,
        victim=PersonDetails("SOFIA", "MARTIN", birth_date=date(1997, 3, 14)),
        perpetrator=PersonDetails("Jean", "Inconnu", birth_date=date(1980, 1, 1)),
    )

    alerts_second = list(match_alerts(viewer=hospital_side, case=second))
    alerts_first = list(match_alerts(viewer=police, case=first))

    assert [(alert.person.given_names, alert.other_agency) for alert in alerts_second] == [("SOFIA", police.agency)]
    assert [(alert.person.given_names, alert.other_agency) for alert in alerts_first] == [
        ("Sofia", hospital_side.agency)
    ]
    with pytest.raises(Http404):
        match_alerts(viewer=hospital_side, case=first)


def test_day_month_swap_and_phone_find_the_match(make_member):
    police = coordinator(make_member, AgencyKind.POLICE)
    support = coordinator(make_member, AgencyKind.VICTIM_SUPPORT)
    first = open_case(police, victim=PersonDetails("Amina", "Haddad", birth_date=date(1990, 4, 7)))
    second = open_case(support, victim=PersonDetails("Amina", "Hadad", birth_date=date(1990, 7, 4)))
    contact_values = {
        "safe_phone": "",
        "safe_email": "",
        "safe_times": "",
        "code_word": "",
        "may_leave_message": False,
        "address": "",
    }
    for viewer, case, phone in [(police, first, "06 12 34 56 78"), (support, second, "+33612345678")]:
        victim = case.people.get(role=PersonRole.VICTIM)
        save_victim_contact(
            viewer=viewer, case_person=victim, values={**contact_values, "safe_phone": phone}, expected_version=None
        )

    alert = MatchAlert.objects.get(case=second, person__given_names="Amina")
    assert alert.level == "probable"
    assert any("phone" in reason for reason in alert.reasons)


def test_different_people_with_a_common_name_are_not_probable(make_member):
    police = coordinator(make_member, AgencyKind.POLICE)
    support = coordinator(make_member, AgencyKind.VICTIM_SUPPORT)
    open_case(
        police,
        victim=PersonDetails("Marie", "Martin", birth_date=date(1960, 1, 3)),
        perpetrator=PersonDetails("Paul", "Martin", birth_date=date(1958, 5, 5)),
    )
    open_case(
        support,
        victim=PersonDetails("Marie", "Martin", birth_date=date(1999, 9, 21)),
        perpetrator=PersonDetails("Kevin", "Durand", birth_date=date(1997, 2, 2)),
    )

    assert not MatchAlert.objects.filter(level="probable").exists()


def test_match_keys_are_digests_not_names(make_member):
    police = coordinator(make_member, AgencyKind.POLICE)
    open_case(police)

    digests = list(PersonMatchKey.objects.values_list("digest", flat=True))
    assert digests and all(len(digest) == 64 for digest in digests)
    assert not any("martin" in digest or "sofia" in digest for digest in digests)


def test_coordinator_confirms_a_match_and_it_leaves_the_open_list(make_member):
    police = coordinator(make_member, AgencyKind.POLICE)
    support = coordinator(make_member, AgencyKind.VICTIM_SUPPORT)
    open_case(police)
    second = open_case(support)
    alert = match_alerts(viewer=support, case=second).get(person__given_names="Sofia")

    resolve_alert(viewer=support, alert=alert, same_person=True)

    assert not match_alerts(viewer=support, case=second).filter(person__given_names="Sofia").exists()
    alert.refresh_from_db()
    assert alert.status == MatchAlert.Status.CONFIRMED and alert.resolved_by == support.user
