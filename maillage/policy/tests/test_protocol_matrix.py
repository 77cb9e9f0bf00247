"""Protocols: every compartment x agency kind x {protocol in force, expired, not yet in force, not a party}.

Two effects, proved through `decide` and `Viewer.open_compartments`:
- a protocol in force between an agency and the coordinating agency of a situation opens its
  compartments to that agency there (in addition to its participation's defaults);
- a protocol in force between two agencies is a basis for a disclosure between them.
Both only while the protocol is in force and only for its parties; both stop at once when it
expires. Medical is never opened by a protocol (medical secrecy), and victim-only never reaches a
perpetrator programme or the probation service, whatever a protocol says.
"""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from maillage.accounts.models import Role
from maillage.cases.services import invite_agency
from maillage.directory.models import AgencyKind as K
from maillage.factories import AgencyFactory, open_case
from maillage.policy.compartments import DEFAULT_COMPARTMENTS, PERPETRATOR_FACING_KINDS
from maillage.policy.compartments import Compartment as C
from maillage.policy.tests.test_disclosure_matrix import _seen, fresh, member
from maillage.sharing import services
from maillage.sharing.models import PROTOCOL_COMPARTMENTS, Disclosure, Protocol, SharingPurpose

STATES = ["in_force", "expired", "upcoming", "not_a_party"]
_references = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_protocol(parties, compartments, state):
    today = timezone.localdate()
    starts_on, ends_on = {
        "in_force": (today - timedelta(days=30), None),
        "expired": (today - timedelta(days=400), today - timedelta(days=1)),
        "upcoming": (today + timedelta(days=1), None),
        "not_a_party": (today - timedelta(days=30), today),  # in force, its last day
    }[state]
    protocol = Protocol.objects.create(
        title="Protocole départemental de test",
        reference=f"PROT-TEST-{next(_references)}",
        department_code="99",
        signed_on=starts_on - timedelta(days=10),
        starts_on=starts_on,
        ends_on=ends_on,
        signatories="La préfète, le procureur de la République",
        purposes=[SharingPurpose.NAMED_AGENCY, SharingPurpose.MARAC],
        compartments=sorted(compartments),
        recorded_by_agency=parties[0],
    )
    protocol.parties.set(parties)
    return protocol


def expire(protocol):
    """The protocol ends yesterday (as a governance admin would record it): it stops at once."""
    yesterday = timezone.localdate() - timedelta(days=1)
    Protocol.objects.filter(pk=protocol.pk).update(
        starts_on=min(protocol.starts_on, yesterday - timedelta(days=1)), ends_on=yesterday
    )


def opens(kind, compartment, state, takes_part):
    return (
        state == "in_force"
        and takes_part
        and compartment not in DEFAULT_COMPARTMENTS[kind]
        and compartment in PROTOCOL_COMPARTMENTS
        and not (compartment == C.VICTIM_ONLY and kind in PERPETRATOR_FACING_KINDS)
    )


@pytest.fixture
def world(db):
    """A situation coordinated by the police; a justice service and a mental-health service take part
    (between them they see every compartment, so they can disclose any of them; neither coordinates)."""
    police = member(AgencyFactory(kind=K.POLICE), Role.COORDINATOR)
    case = open_case(police)
    justice = member(AgencyFactory(kind=K.JUSTICE))
    mental_health = member(AgencyFactory(kind=K.MENTAL_HEALTH))
    invite_agency(viewer=police, case=case, agency=justice.agency)
    invite_agency(viewer=police, case=case, agency=mental_health.agency)
    return {"case": case, "police": police, "justice": justice, "mental_health": mental_health}


def _take_part(world, kind):
    recipient = AgencyFactory(kind=kind)
    takes_part = bool(DEFAULT_COMPARTMENTS[kind])
    if takes_part:
        invite_agency(viewer=fresh(world["police"]), case=world["case"], agency=recipient)
    return recipient, takes_part, member(recipient, Role.READ_ONLY)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(K))
def test_a_protocol_with_the_coordinating_agency_opens_its_compartments_only_while_in_force(kind, world):
    case, coordinator = world["case"], world["police"].agency
    recipient, takes_part, reader = _take_part(world, kind)
    defaults = set(DEFAULT_COMPARTMENTS[kind])
    mismatches = []
    for compartment, state in itertools.product(C, STATES):
        if state == "not_a_party":
            # In force, but between the coordinator and another agency, or between the recipient
            # and a partner that does not coordinate: neither opens anything to the recipient.
            make_protocol([coordinator, AgencyFactory(kind=kind)], {compartment}, "in_force")
            protocol = make_protocol([recipient, world["justice"].agency], {compartment}, state)
        else:
            protocol = make_protocol([coordinator, recipient], {compartment}, state)
        expected = defaults | ({compartment} if opens(kind, compartment, state, takes_part) else set())
        label = f"{compartment} with a protocol {state}"
        if _seen(reader, case) != expected or fresh(reader).open_compartments(case) != expected:
            mismatches.append(f"{label}: reads {sorted(_seen(reader, case))}, expected {sorted(expected)}")
        expire(protocol)
        if _seen(reader, case) != defaults:
            mismatches.append(f"{label}: still reads {sorted(_seen(reader, case))} once it expired")
        Protocol.objects.all().delete()
    assert not mismatches, "\n".join(mismatches)


def _discloser(world, compartment):
    return world["justice"] if compartment in DEFAULT_COMPARTMENTS[K.JUSTICE] else world["mental_health"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(K))
def test_a_protocol_between_two_agencies_is_a_basis_for_a_disclosure_only_while_in_force(kind, world):
    case = world["case"]
    recipient, takes_part, reader = _take_part(world, kind)
    defaults = set(DEFAULT_COMPARTMENTS[kind])
    mismatches = []
    for compartment, state in itertools.product(C, STATES):
        discloser = fresh(_discloser(world, compartment))
        other_party = recipient if state != "not_a_party" else AgencyFactory(kind=kind)
        protocol = make_protocol([discloser.agency, other_party], {compartment}, state)
        request = services.DisclosureRequest(
            recipient=recipient,
            compartments=frozenset({compartment}),
            purpose=SharingPurpose.NAMED_AGENCY,
            protocol=protocol,
        )
        try:
            outcome: Disclosure | ValidationError = services.disclose(viewer=discloser, case=case, request=request)
        except ValidationError as error:
            outcome = error
        may_open = opens(kind, compartment, state, takes_part)
        label = f"{compartment} on a protocol {state}"
        if isinstance(outcome, Disclosure) != may_open:
            mismatches.append(f"{label}: expected opened={may_open}, got {outcome!r}")
        expected = defaults | ({compartment} if may_open else set())
        if _seen(reader, case) != expected or fresh(reader).open_compartments(case) != expected:
            mismatches.append(f"{label}: reads {sorted(_seen(reader, case))}, expected {sorted(expected)}")
        expire(protocol)
        if _seen(reader, case) != defaults:
            mismatches.append(f"{label}: still reads {sorted(_seen(reader, case))} once it expired")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(PERPETRATOR_FACING_KINDS))
def test_victim_only_never_reaches_a_perpetrator_facing_party_whatever_the_protocol_says(kind, world):
    case, coordinator = world["case"], world["police"].agency
    recipient, _, reader = _take_part(world, kind)
    make_protocol([coordinator, recipient, world["justice"].agency], set(C), "in_force")

    assert C.VICTIM_ONLY not in fresh(reader).open_compartments(case)
    assert C.MEDICAL not in fresh(reader).open_compartments(case)
    request = services.DisclosureRequest(
        recipient=recipient,
        compartments=frozenset({C.VICTIM_ONLY}),
        purpose=SharingPurpose.NAMED_AGENCY,
        protocol=Protocol.objects.get(),
    )
    with pytest.raises(ValidationError, match="never shared with a perpetrator programme"):
        services.disclose(viewer=fresh(world["justice"]), case=case, request=request)


@pytest.mark.django_db
def test_a_protocol_does_not_open_anything_to_a_referring_agency(world):
    police = world["police"]
    referrer = AgencyFactory(kind=K.VICTIM_SUPPORT)
    case = open_case(fresh(police), referring_agency=referrer)
    make_protocol([police.agency, referrer], {C.JUDICIAL, C.GENERAL}, "in_force")

    assert member(referrer).open_compartments(case) == frozenset()


@pytest.mark.django_db
def test_a_protocol_is_refused_as_a_basis_for_a_purpose_it_does_not_provide_for(world):
    case = world["case"]
    recipient, _, _ = _take_part(world, K.VICTIM_SUPPORT)
    protocol = make_protocol([world["justice"].agency, recipient], {C.JUDICIAL}, "in_force")
    request = services.DisclosureRequest(
        recipient=recipient,
        compartments=frozenset({C.JUDICIAL}),
        purpose=SharingPurpose.REFERRAL,
        protocol=protocol,
    )

    with pytest.raises(ValidationError, match="does not provide for sharing"):
        services.disclose(viewer=fresh(world["justice"]), case=case, request=request)


@pytest.mark.django_db
def test_open_compartments_costs_one_more_query_for_protocols_and_is_cached(world, django_assert_num_queries):
    case = world["case"]
    viewer = fresh(world["justice"])
    viewer.participation_in(case)

    with django_assert_num_queries(2):  # disclosures, protocols
        viewer.open_compartments(case)
    with django_assert_num_queries(0):
        viewer.open_compartments(case)
