"""The policy matrix: every role by agency kind by action, on the actor's own objects and on others'.

The expectations below are written out by hand from the security model, independently of the
rule table in maillage/policy/decisions.py, so a change to the rules shows up here.
"""

import pytest

from maillage.accounts.models import Membership, Role
from maillage.directory.models import AgencyKind
from maillage.factories import AgencyFactory, MembershipFactory, UserFactory, give_totp
from maillage.policy.decisions import Action, decide
from maillage.policy.viewer import Viewer

EVERYONE = set(Role)
STAFF = EVERYONE - {Role.STATISTICIAN}

# action -> (roles allowed, what the object is: "none", "agency", "department" (an object of the
# acting agency's department; the foreign one is in another department) or "user")
EXPECTED = {
    Action.VIEW_DASHBOARD: (EVERYONE, "none"),
    Action.VIEW_DIRECTORY: (EVERYONE, "none"),
    Action.EDIT_AGENCY: ({Role.AGENCY_ADMIN}, "agency"),
    Action.VIEW_MEMBERS: (STAFF, "agency"),
    Action.MANAGE_MEMBERS: ({Role.AGENCY_ADMIN}, "agency"),
    Action.VIEW_OWN_ACCOUNT: (EVERYONE, "user"),
    Action.MANAGE_API_TOKENS: (STAFF, "user"),
    Action.VIEW_AUDIT_TRAIL: ({Role.DATA_PROTECTION_OFFICER}, "agency"),
    # Directory
    Action.UPDATE_CAPACITY: ({Role.AGENCY_ADMIN, Role.COORDINATOR, Role.PRACTITIONER}, "agency"),
    Action.EXPORT_DIRECTORY: (EVERYONE, "none"),
    Action.IMPORT_DIRECTORY: ({Role.AGENCY_ADMIN}, "none"),
    # Governance bodies and protocols: public among partners, recorded by a governance body's admin.
    Action.VIEW_PROTOCOLS: (STAFF, "none"),
    Action.MANAGE_PROTOCOLS: ({Role.AGENCY_ADMIN}, "department"),
    # Situations: proved by test_case_policy_matrix.py (roles x kinds x compartments x participation).
    Action.OPEN_CASE: ({Role.COORDINATOR, Role.PRACTITIONER}, "case"),
    Action.VIEW_CASE: ({Role.COORDINATOR, Role.PRACTITIONER, Role.READ_ONLY, Role.MARAC_CHAIR}, "case"),
    Action.EDIT_CASE: ({Role.COORDINATOR, Role.PRACTITIONER, Role.MARAC_CHAIR}, "case"),
    Action.MANAGE_PARTICIPANTS: ({Role.COORDINATOR}, "case"),
    Action.CHANGE_CASE_STATUS: ({Role.COORDINATOR}, "case"),
    # Transfers: proved by test_case_policy_matrix.py (receiving agency of a pending transfer).
    Action.TRANSFER_CASE: ({Role.COORDINATOR}, "case"),
    Action.DECIDE_TRANSFER: ({Role.COORDINATOR}, "case"),
    # Sharing: proved by test_case_policy_matrix.py and, with every basis, by test_disclosure_matrix.py.
    Action.RECORD_CONSENT: ({Role.COORDINATOR, Role.PRACTITIONER}, "case"),
    Action.DISCLOSE: ({Role.COORDINATOR, Role.PRACTITIONER}, "case"),
    Action.VIEW_DISCLOSURE_REGISTER: ({Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER}, "case"),
    # Interpreters: the register is personal data (staff only); coordinators maintain all of it, an
    # interpreter service's staff its own interpreters; bookings are proved by test_case_policy_matrix.py.
    Action.VIEW_INTERPRETERS: (STAFF, "none"),
    Action.MANAGE_INTERPRETERS: ({Role.COORDINATOR}, "none"),
    Action.MANAGE_AGENCY_INTERPRETERS: ({Role.AGENCY_ADMIN, Role.COORDINATOR, Role.PRACTITIONER}, "agency"),
    Action.BOOK_INTERPRETER: ({Role.COORDINATOR, Role.PRACTITIONER, Role.MARAC_CHAIR}, "case"),
}
AGENCY_LEVEL = {action: expected for action, expected in EXPECTED.items() if expected[1] != "case"}

# action -> the only kinds of acting agency allowed to do it (every kind when absent)
ONLY_FOR_KINDS = {
    Action.UPDATE_CAPACITY: {AgencyKind.HOUSING, AgencyKind.WOMENS_SERVICE},
    Action.IMPORT_DIRECTORY: {AgencyKind.GOVERNANCE},
    Action.MANAGE_PROTOCOLS: {AgencyKind.GOVERNANCE},
    Action.MANAGE_AGENCY_INTERPRETERS: {AgencyKind.INTERPRETER_SERVICE},
}


def allowed_for(action, role, kind):
    return role in EXPECTED[action][0] and kind in ONLY_FOR_KINDS.get(action, set(AgencyKind))


def test_matrix_covers_every_action():
    assert set(EXPECTED) == set(Action)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(AgencyKind))
def test_policy_matrix_for_agency_kind(kind):
    agency = AgencyFactory(kind=kind)
    other_agency = AgencyFactory(kind=kind)
    other_department = AgencyFactory(kind=kind, department_code="98")
    someone_else = UserFactory()
    mismatches = []
    for role in Role:
        user = UserFactory()
        MembershipFactory(user=user, agency=agency, role=role)
        give_totp(user)
        viewer = Viewer(user=user, agency=agency)
        for action, (_, target) in AGENCY_LEVEL.items():
            own, foreign = {
                "none": (None, None),
                "agency": (agency, other_agency),
                "department": (agency, other_department),
                "user": (user, someone_else),
            }[target]
            cases = [("own", own, allowed_for(action, role, kind))]
            if target != "none":
                cases.append(("foreign", foreign, False))
            for scope, obj, expected in cases:
                decision = decide(viewer, action, obj)
                if decision.allowed != expected:
                    mismatches.append(f"{role} {action} on {scope}: got {decision.code}, expected allowed={expected}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(AGENCY_LEVEL))
def test_nothing_is_allowed_without_an_active_membership_in_the_acting_agency(action):
    agency = AgencyFactory()
    member_elsewhere = UserFactory()
    MembershipFactory(user=member_elsewhere, role=Role.AGENCY_ADMIN)
    give_totp(member_elsewhere)
    target = {"none": None, "agency": agency, "department": agency, "user": member_elsewhere}[EXPECTED[action][1]]

    decision = decide(Viewer(user=member_elsewhere, agency=agency), action, target)

    assert not decision.allowed
    assert decision.code == "not_a_member"


@pytest.mark.django_db
def test_ended_membership_closes_access_at_once():
    admin = UserFactory()
    membership = MembershipFactory(user=admin, role=Role.AGENCY_ADMIN)
    give_totp(admin)
    assert decide(Viewer(user=admin, agency=membership.agency), Action.MANAGE_MEMBERS, membership.agency)

    Membership.objects.filter(pk=membership.pk).update(is_active=False)

    decision = decide(Viewer(user=admin, agency=membership.agency), Action.MANAGE_MEMBERS, membership.agency)
    assert decision.code == "not_a_member"


@pytest.mark.django_db
def test_deactivated_agency_gives_its_members_no_rights():
    admin = UserFactory()
    membership = MembershipFactory(user=admin, role=Role.AGENCY_ADMIN)
    give_totp(admin)
    membership.agency.is_active = False
    membership.agency.save()

    assert not decide(Viewer(user=admin, agency=membership.agency), Action.VIEW_DASHBOARD)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action", [action for action, (roles, _) in AGENCY_LEVEL.items() if Role.AGENCY_ADMIN in roles]
)
def test_personal_data_needs_a_second_factor(action):
    admin = UserFactory()
    kind = min(ONLY_FOR_KINDS.get(action, {AgencyKind.VICTIM_SUPPORT}))
    membership = MembershipFactory(user=admin, role=Role.AGENCY_ADMIN, agency=AgencyFactory(kind=kind))
    target = {"none": None, "agency": membership.agency, "department": membership.agency, "user": admin}[
        EXPECTED[action][1]
    ]

    decision = decide(Viewer(user=admin, agency=membership.agency), action, target)

    reads_personal_data = action in {
        Action.VIEW_MEMBERS,
        Action.MANAGE_MEMBERS,
        Action.MANAGE_API_TOKENS,
        Action.VIEW_INTERPRETERS,
        Action.MANAGE_AGENCY_INTERPRETERS,
    }
    assert decision.allowed is not reads_personal_data
    if reads_personal_data:
        assert decision.code == "second_factor_missing"


@pytest.mark.django_db
def test_anonymous_and_agencyless_viewers_are_refused():
    user = UserFactory()
    MembershipFactory(user=user, role=Role.AGENCY_ADMIN)

    assert decide(Viewer(user=None, agency=None), Action.VIEW_DASHBOARD).code == "not_authenticated"
    assert decide(Viewer(user=user, agency=None), Action.VIEW_DASHBOARD).code == "no_acting_agency"


@pytest.mark.django_db
def test_deactivated_user_is_refused():
    user = UserFactory(is_active=False)
    membership = MembershipFactory(user=user, role=Role.AGENCY_ADMIN)

    assert decide(Viewer(user=user, agency=membership.agency), Action.VIEW_DASHBOARD).code == "not_authenticated"
