"""Sharing: every compartment x agency kind x basis (none, consent, legal basis).

Proves through `decide` and `Viewer.open_compartments` that nothing opens beyond an agency's
defaults without a basis, that a withdrawn consent or a revoked disclosure closes what it opened
at once, and that victim-only never reaches a perpetrator programme or the probation service,
whatever the basis. The fourth basis, a protocol between agencies, is proved by
test_protocol_matrix.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from maillage.accounts.models import Role
from maillage.cases.models import PersonRole
from maillage.cases.services import end_participation, invite_agency
from maillage.directory.models import AgencyKind as K
from maillage.factories import AgencyFactory, MembershipFactory, UserFactory, give_totp, open_case
from maillage.policy.compartments import DEFAULT_COMPARTMENTS, PERPETRATOR_FACING_KINDS
from maillage.policy.compartments import Compartment as C
from maillage.policy.decisions import Action, CaseContent, decide
from maillage.policy.viewer import Viewer
from maillage.sharing import services
from maillage.sharing.models import ConsentMethod, Disclosure, DisclosureMode, LegalBasis, SharingPurpose
from maillage.sharing.tests.helpers import load_legal_bases

BASES = ["none", "consent", "legal_basis"]  # protocols: test_protocol_matrix.py


def member(agency, role=Role.PRACTITIONER):
    user = UserFactory()
    MembershipFactory(user=user, agency=agency, role=role)
    give_totp(user)
    return Viewer(user=user, agency=agency)


def fresh(viewer):
    """The same user and agency, without what the viewer cached (as on the next request)."""
    return Viewer(user=viewer.user, agency=viewer.agency)


@pytest.fixture(autouse=True)
def english():
    """Refusals are asserted in English here; the pages' tests check them in French."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """A situation coordinated by the police (which also records consents), with a mental-health
    service taking part: between them they see every compartment, so one of them can disclose it."""
    load_legal_bases()
    police = member(AgencyFactory(kind=K.POLICE), Role.COORDINATOR)
    case = open_case(police)
    mental_health = member(AgencyFactory(kind=K.MENTAL_HEALTH))
    invite_agency(viewer=police, case=case, agency=mental_health.agency)
    return {"case": case, "police": police, "mental_health": mental_health}


def _discloser(world, compartment):
    return world["police"] if compartment in DEFAULT_COMPARTMENTS[K.POLICE] else world["mental_health"]


def _disclose(world, basis, compartment, recipient):
    """Disclose `compartment` to `recipient` on `basis`; returns the disclosure or the refusal."""
    case, police = world["case"], world["police"]
    discloser = fresh(_discloser(world, compartment))
    consent = legal_basis = None
    purpose = SharingPurpose.MEDICAL_FACTS if compartment == C.MEDICAL else SharingPurpose.NAMED_AGENCY
    if basis == "consent":
        role = PersonRole.PERPETRATOR if compartment == C.PERPETRATOR_SIDE else PersonRole.VICTIM
        details = services.ConsentDetails(
            person=case.people.get(role=role).person,
            purpose=purpose,
            method=ConsentMethod.WRITTEN,
            given_on=case.opened_at.date(),
            recipient_agency=recipient,
        )
        consent = services.record_consent(viewer=fresh(police), case=case, details=details)
    elif basis == "legal_basis":
        code = "danger_to_life" if discloser.agency.kind == K.MENTAL_HEALTH else "court_order"
        legal_basis = LegalBasis.objects.get(code=code)
    request = services.DisclosureRequest(
        recipient=recipient,
        compartments=frozenset({compartment}),
        purpose=purpose,
        consent=consent,
        legal_basis=legal_basis,
        justification="Ordonnance du juge aux affaires familiales du 2 décembre." if legal_basis else "",
    )
    try:
        return services.disclose(viewer=discloser, case=case, request=request)
    except ValidationError as error:
        return error


def _seen(reader, case):
    """The compartments a reader of the recipient agency may read, asked of `decide` one by one."""
    viewer = fresh(reader)
    return {compartment for compartment in C if decide(viewer, Action.VIEW_CASE, CaseContent(case, compartment))}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(K))
def test_nothing_opens_beyond_the_defaults_without_a_basis_and_closes_when_the_basis_goes(kind, world):
    case = world["case"]
    recipient = AgencyFactory(kind=kind)
    defaults = DEFAULT_COMPARTMENTS[kind]
    takes_part = bool(defaults)
    if takes_part:
        invite_agency(viewer=world["police"], case=case, agency=recipient)
    reader = member(recipient, Role.READ_ONLY)
    mismatches = []
    for compartment in C:
        for basis in BASES:
            outcome = _disclose(world, basis, compartment, recipient)
            may_open = (
                basis != "none"
                and takes_part
                and compartment not in defaults
                and not (compartment == C.VICTIM_ONLY and kind in PERPETRATOR_FACING_KINDS)
            )
            label = f"{compartment} on {basis}"
            if isinstance(outcome, Disclosure) != may_open:
                mismatches.append(f"{label}: expected opened={may_open}, got {outcome!r}")
                continue
            expected = set(defaults) | ({compartment} if may_open else set())
            if _seen(reader, case) != expected or fresh(reader).open_compartments(case) != expected:
                mismatches.append(f"{label}: reads {sorted(_seen(reader, case))}, expected {sorted(expected)}")
            if not may_open:
                continue
            # The basis goes: withdrawn consent, revoked disclosure. Closed at once.
            if basis == "consent":
                services.withdraw_consent(viewer=fresh(world["police"]), consent=outcome.consent)
            else:
                services.revoke_disclosure(
                    viewer=fresh(_discloser(world, compartment)), disclosure=outcome, reason="Fin de la mesure."
                )
            if _seen(reader, case) != set(defaults):
                mismatches.append(f"{label}: still reads {sorted(_seen(reader, case))} after the basis went")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(PERPETRATOR_FACING_KINDS))
@pytest.mark.parametrize("basis", ["consent", "legal_basis"])
def test_victim_only_never_reaches_a_perpetrator_facing_agency_whatever_the_basis(kind, basis, world):
    recipient = AgencyFactory(kind=kind)
    invite_agency(viewer=world["police"], case=world["case"], agency=recipient)

    outcome = _disclose(world, basis, C.VICTIM_ONLY, recipient)

    assert isinstance(outcome, ValidationError)
    assert "never shared with a perpetrator programme or the probation service" in str(outcome.message_dict)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(PERPETRATOR_FACING_KINDS))
def test_victim_only_stays_closed_to_a_perpetrator_facing_agency_even_with_a_register_row(kind, world):
    """Defence in depth: a row written around the service (a bug, a bad import) opens nothing."""
    case, police = world["case"], world["police"]
    recipient = AgencyFactory(kind=kind)
    invite_agency(viewer=police, case=case, agency=recipient)
    Disclosure.objects.create(
        case=case,
        disclosing_agency=police.agency,
        disclosed_by=police.user,
        recipient_agency=recipient,
        mode=DisclosureMode.OPEN_IN_FILE,
        compartments=[C.VICTIM_ONLY],
        purpose=SharingPurpose.NAMED_AGENCY,
        basis_kind="legal_basis",
        legal_basis=LegalBasis.objects.get(code="court_order"),
        justification="Ligne écrite sans passer par le service.",
    )

    assert C.VICTIM_ONLY not in member(recipient).open_compartments(case)


@pytest.mark.django_db
def test_an_agency_cannot_disclose_what_it_cannot_see(world):
    case = world["case"]
    recipient = AgencyFactory(kind=K.VICTIM_SUPPORT)
    invite_agency(viewer=world["police"], case=case, agency=recipient)
    request = services.DisclosureRequest(
        recipient=recipient,
        compartments=frozenset({C.MEDICAL}),
        purpose=SharingPurpose.MEDICAL_FACTS,
        legal_basis=LegalBasis.objects.get(code="court_order"),
        justification="Réquisition.",
    )

    with pytest.raises(Http404):  # refused and audited like any access to a closed compartment
        services.disclose(viewer=fresh(world["police"]), case=case, request=request)

    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_the_health_professionals_basis_is_refused_to_other_kinds_of_agency(world):
    case = world["case"]
    recipient = AgencyFactory(kind=K.VICTIM_SUPPORT)
    invite_agency(viewer=world["police"], case=case, agency=recipient)
    request = services.DisclosureRequest(
        recipient=recipient,
        compartments=frozenset({C.JUDICIAL}),
        purpose=SharingPurpose.NAMED_AGENCY,
        legal_basis=LegalBasis.objects.get(code="danger_to_life"),
        justification="Danger.",
    )

    with pytest.raises(ValidationError, match="for these kinds of agency only"):
        services.disclose(viewer=fresh(world["police"]), case=case, request=request)


@pytest.mark.django_db
def test_a_consent_opens_only_what_it_was_given_for(world):
    case, police = world["case"], world["police"]
    recipient = AgencyFactory(kind=K.VICTIM_SUPPORT)
    invite_agency(viewer=police, case=case, agency=recipient)
    victim = case.people.get(role=PersonRole.VICTIM).person
    perpetrator = case.people.get(role=PersonRole.PERPETRATOR).person

    def consent(person, purpose, **recipient_named):
        details = services.ConsentDetails(
            person=person,
            purpose=purpose,
            method=ConsentMethod.ORAL_WITH_WITNESS,
            witness_name="Mme Roux",
            given_on=case.opened_at.date(),
            **recipient_named,
        )
        return services.record_consent(viewer=fresh(police), case=case, details=details)

    def attempt(compartment, given, purpose=SharingPurpose.NAMED_AGENCY):
        request = services.DisclosureRequest(
            recipient=recipient, compartments=frozenset({compartment}), purpose=purpose, consent=given
        )
        with pytest.raises(ValidationError) as refusal:
            services.disclose(viewer=fresh(police), case=case, request=request)
        return " ".join(refusal.value.messages)

    for_another_agency = consent(victim, SharingPurpose.NAMED_AGENCY, recipient_agency=AgencyFactory())
    assert "does not name" in attempt(C.JUDICIAL, for_another_agency)
    for_marac = consent(victim, SharingPurpose.MARAC, recipient_kind=K.VICTIM_SUPPORT)
    assert "was given for" in attempt(C.JUDICIAL, for_marac)
    his = consent(perpetrator, SharingPurpose.NAMED_AGENCY, recipient_kind=K.VICTIM_SUPPORT)
    assert "victim's own consent" in attempt(C.JUDICIAL, his)
    hers = consent(victim, SharingPurpose.NAMED_AGENCY, recipient_kind=K.VICTIM_SUPPORT)
    assert "perpetrator's own consent" in attempt(C.PERPETRATOR_SIDE, hers)
    assert C.JUDICIAL not in member(recipient).open_compartments(case)


@pytest.mark.django_db
def test_a_disclosure_does_not_survive_leaving_and_joining_again(world):
    case, police = world["case"], world["police"]
    recipient = AgencyFactory(kind=K.VICTIM_SUPPORT)
    participation = invite_agency(viewer=police, case=case, agency=recipient)
    assert isinstance(_disclose(world, "legal_basis", C.JUDICIAL, recipient), Disclosure)
    assert C.JUDICIAL in member(recipient).open_compartments(case)

    end_participation(viewer=fresh(police), participation=participation)
    invite_agency(viewer=fresh(police), case=case, agency=recipient)

    assert C.JUDICIAL not in member(recipient).open_compartments(case)


@pytest.mark.django_db
def test_open_compartments_costs_one_query_for_the_disclosures_and_is_cached(world, django_assert_num_queries):
    case = world["case"]
    viewer = fresh(world["police"])
    viewer.participation_in(case)

    with django_assert_num_queries(1):
        viewer.open_compartments(case)
    with django_assert_num_queries(0):
        viewer.open_compartments(case)
