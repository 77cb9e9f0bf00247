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
                ]:
                    expected = opened and role in roles
                    if decide(viewer, action, content).allowed != expected:
                        mismatches.append(f"{role} {action} {compartment} (takes part={takes_part}): {expected=}")
            for action in (Action.MANAGE_PARTICIPANTS, Action.CHANGE_CASE_STATUS, Action.VIEW_DISCLOSURE_REGISTER):
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

    for action in (Action.MANAGE_PARTICIPANTS, Action.CHANGE_CASE_STATUS):
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
