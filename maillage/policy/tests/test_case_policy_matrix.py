"""Situations: every agency kind x role x compartment, participating or not.

The expected compartments per kind are written out here as the specification (security model:
perpetrator-facing agencies never open victim-only; health opens medical; governance sees no
situation). A change to the defaults must change this table too.
"""

import pytest

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind as K
from maillage.factories import AgencyFactory, MembershipFactory, UserFactory, give_totp
from maillage.policy.compartments import Compartment as C
from maillage.policy.decisions import Action, CaseContent, decide
from maillage.policy.viewer import Viewer

SPEC = {
    K.POLICE: {C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL},
    K.GENDARMERIE: {C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL},
    K.JUSTICE: {C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL},
    K.VICTIM_SUPPORT: {C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL},
    K.WOMENS_SERVICE: {C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL},
    K.SOCIAL_SERVICES: {C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL},
    K.CHILD_PROTECTION: {C.GENERAL, C.CHILDREN},
    K.HEALTH: {C.GENERAL, C.MEDICAL},
    K.MENTAL_HEALTH: {C.GENERAL, C.MEDICAL, C.PSYCHOSOCIAL},
    K.HOUSING: {C.GENERAL, C.VICTIM_ONLY},
    K.LEGAL_AID: {C.GENERAL, C.JUDICIAL},
    K.PERPETRATOR_PROGRAMME: {C.GENERAL, C.PERPETRATOR_SIDE},
    K.PROBATION: {C.GENERAL, C.PERPETRATOR_SIDE, C.JUDICIAL},
    K.IMMIGRATION: {C.GENERAL},
    K.EDUCATION: {C.CHILDREN},
    K.INTERPRETER_SERVICE: {C.GENERAL},
    K.GOVERNANCE: set(),
}
READERS = {Role.COORDINATOR, Role.PRACTITIONER, Role.READ_ONLY, Role.MARAC_CHAIR}
WRITERS = {Role.COORDINATOR, Role.PRACTITIONER, Role.MARAC_CHAIR}
SHARERS = {Role.COORDINATOR, Role.PRACTITIONER}  # record consent, disclose what they see
REGISTER_READERS = {Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER}  # of the coordinating agency only


def test_spec_covers_every_kind_and_keeps_perpetrator_side_away_from_the_victim():
    assert set(SPEC) == set(K)
    assert C.VICTIM_ONLY not in SPEC[K.PERPETRATOR_PROGRAMME] | SPEC[K.PROBATION]


@pytest.fixture
def situation(db):
    from maillage.factories import open_case

    opener = UserFactory()
    police = AgencyFactory(kind=K.POLICE)
    MembershipFactory(user=opener, agency=police, role=Role.COORDINATOR)
    give_totp(opener)
    return open_case(Viewer(user=opener, agency=police))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(K))
def test_case_access_by_kind_role_compartment_and_participation(kind, situation):
    from maillage.cases.services import invite_agency

    coordinator = situation.participations.get().agency.memberships.get().user
    coordinating = Viewer(user=coordinator, agency=situation.coordinator_agency)
    participating, outsider = AgencyFactory(kind=kind), AgencyFactory(kind=kind)
    if SPEC[kind]:
        invite_agency(viewer=coordinating, case=situation, agency=participating)
    mismatches = []
    for role in Role:
        for agency, takes_part in [(participating, bool(SPEC[kind])), (outsider, False)]:
            user = UserFactory()
            MembershipFactory(user=user, agency=agency, role=role)
            give_totp(user)
            viewer = Viewer(user=user, agency=agency)
            expect_view_case = takes_part and role in READERS
            if decide(viewer, Action.VIEW_CASE, situation).allowed != expect_view_case:
                mismatches.append(f"{role} view case (takes part={takes_part})")
            for compartment in C:
                content = CaseContent(situation, compartment)
                opened = takes_part and compartment in SPEC[kind]
                for action, roles in [
                    (Action.VIEW_CASE, READERS),
                    (Action.EDIT_CASE, WRITERS),
                    (Action.RECORD_CONSENT, SHARERS),
                    (Action.DISCLOSE, SHARERS),
                    (Action.BOOK_INTERPRETER, WRITERS),
                ]:
                    expected = opened and role in roles
                    if decide(viewer, action, content).allowed != expected:
                        mismatches.append(f"{role} {action} {compartment} (takes part={takes_part}): {expected=}")
            for action in (
                Action.MANAGE_PARTICIPANTS,
                Action.CHANGE_CASE_STATUS,
                Action.VIEW_DISCLOSURE_REGISTER,
                Action.TRANSFER_CASE,
            ):
                if decide(viewer, action, situation).allowed:
                    mismatches.append(f"{role} {action}: only the coordinating agency may")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_coordinators_of_the_coordinating_agency_manage_the_situation(role, situation):
    agency = situation.coordinator_agency
    user = UserFactory()
    MembershipFactory(user=user, agency=agency, role=role)
    give_totp(user)
    viewer = Viewer(user=user, agency=agency)

    for action in (Action.MANAGE_PARTICIPANTS, Action.CHANGE_CASE_STATUS, Action.TRANSFER_CASE):
        assert decide(viewer, action, situation).allowed is (role == Role.COORDINATOR)
    assert decide(viewer, Action.VIEW_DISCLOSURE_REGISTER, situation).allowed is (role in REGISTER_READERS)


@pytest.mark.django_db
def test_open_case_is_refused_to_kinds_that_do_not_work_on_situations():
    for kind in K:
        user = UserFactory()
        MembershipFactory(user=user, agency=AgencyFactory(kind=kind), role=Role.PRACTITIONER)
        give_totp(user)
        allowed = decide(Viewer(user=user, agency=user.memberships.get().agency), Action.OPEN_CASE).allowed
        assert allowed is (C.GENERAL in SPEC[kind]), kind


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_coordinators_of_the_receiving_agency_decide_a_pending_transfer(role, situation):
    from maillage.cases.services import accept_transfer, propose_transfer

    coordinator = situation.participations.get().agency.memberships.get().user
    coordinating = Viewer(user=coordinator, agency=situation.coordinator_agency)
    receiving, third = AgencyFactory(kind=K.VICTIM_SUPPORT, department_code="82"), AgencyFactory(department_code="82")
    transfer = propose_transfer(
        viewer=coordinating, case=situation, to_agency=receiving, reason="Déménagement.", expected_version=1
    )
    viewers = {}
    for name, agency in [("receiving", receiving), ("third", third), ("coordinating", situation.coordinator_agency)]:
        user = UserFactory()
        MembershipFactory(user=user, agency=agency, role=role)
        give_totp(user)
        viewers[name] = Viewer(user=user, agency=agency)

    assert decide(viewers["receiving"], Action.DECIDE_TRANSFER, transfer).allowed is (role == Role.COORDINATOR)
    assert decide(viewers["receiving"], Action.VIEW_CASE, situation).allowed is (role in READERS)
    assert not decide(viewers["third"], Action.DECIDE_TRANSFER, transfer).allowed
    assert not decide(viewers["coordinating"], Action.DECIDE_TRANSFER, transfer).allowed
    assert not decide(viewers["receiving"], Action.DECIDE_TRANSFER, situation).allowed  # a transfer, not the case

    receiver = UserFactory()
    MembershipFactory(user=receiver, agency=receiving, role=Role.COORDINATOR)
    give_totp(receiver)
    accept_transfer(viewer=Viewer(user=receiver, agency=receiving), transfer=transfer, expected_version=1)
    fresh = Viewer(user=viewers["receiving"].user, agency=receiving)
    assert not decide(fresh, Action.DECIDE_TRANSFER, transfer).allowed  # decided: nothing left to decide
    assert decide(fresh, Action.TRANSFER_CASE, situation).allowed is (role == Role.COORDINATOR)
