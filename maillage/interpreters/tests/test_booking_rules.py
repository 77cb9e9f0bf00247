"""The MOVE rules on whom to book, enforced by the service: never a child of the family, never a
relative, not from the victim's community when she objects, a language the person speaks. Each
refusal or warning says why, in French, and saves nothing."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases.models import PersonRole
from maillage.directory.models import AgencyKind
from maillage.interpreters import services
from maillage.interpreters.models import InterpreterBooking
from maillage.interpreters.tests.helpers import interpreter, situation
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db

APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"
WHEN = timezone.make_aware(datetime(2026, 12, 3, 10, 0))


@pytest.fixture
def police(make_member):
    user = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def case(police):
    return situation(police)


def victim(case):
    return case.people.get(role=PersonRole.VICTIM)


def book(police, case, who, *, for_role=PersonRole.VICTIM, **options):
    link = case.people.get(role=for_role)
    request = services.BookingRequest(
        case_person=link, interpreter=who, starts_at=WHEN, purpose="Audition au commissariat", **options
    )
    return services.book_interpreter(viewer=police, case=case, request=request)


def refusal(police, case, who, **options):
    with translation.override("fr"), pytest.raises(ValidationError) as raised:
        book(police, case, who, **options)
    assert not InterpreterBooking.objects.exists()
    return " ".join(raised.value.messages)


def test_a_valid_booking_is_saved_victim_only_and_audited(police, case):
    aylin = interpreter()

    booking = book(police, case, aylin)

    assert booking.booked_by == police.user and booking.booked_by_agency == police.agency
    assert booking.compartment == Compartment.VICTIM_ONLY  # her appointments say where she will be
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(booking.pk))
    assert event.object_type == "interpreters.interpreterbooking"
    assert "interpreter" in event.fields


def test_never_a_child_of_the_family(police, case):
    message = refusal(police, case, interpreter(full_name="Lina BENALI"))

    assert "Lina BENALI porte le nom d" + APOSTROPHE + "un enfant de cette famille" in message
    assert "Un enfant n" + APOSTROPHE + "est jamais" in message


def test_never_a_person_of_the_situation(police, case):
    message = refusal(police, case, interpreter(full_name="Karim Benali"))

    assert "Karim Benali porte le nom d" + APOSTROPHE + "une personne de cette situation" in message


def test_never_a_relative_declared_on_the_form(police, case):
    message = refusal(police, case, interpreter(), declared_relative=True)

    assert "Un proche ou un ami de la victime ou de l" + APOSTROPHE + "auteur ne peut pas interpréter" in message


def test_not_from_her_community_when_she_objects(police, case):
    services.set_objection(
        viewer=police, case_person=victim(case), objects=True, community="Communauté turque de Montreval"
    )
    aylin = interpreter(communities="communaute turque de montreval\nAssociation franco-turque")

    message = refusal(police, case, aylin)

    assert "ne souhaite pas d" + APOSTROPHE + "interprète issu de sa communauté" in message
    assert "communaute turque de montreval" in message
    # The objection holds for whoever the interpreter is booked for in the situation.
    assert refusal(police, case, aylin, for_role=PersonRole.PERPETRATOR)


def test_her_objection_warns_when_the_interpreter_communities_are_unknown(police, case):
    services.set_objection(viewer=police, case_person=victim(case), objects=True, community="communauté turque")
    aylin = interpreter(communities="")

    message = refusal(police, case, aylin)

    assert "le registre n" + APOSTROPHE + "indique pas à quelles communautés appartient Aylin Demir" in message
    booking = book(police, case, aylin, confirmed_warnings=True)
    assert "warnings" in AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(booking.pk)).fields


def test_lifting_the_objection_allows_the_interpreter(police, case):
    services.set_objection(viewer=police, case_person=victim(case), objects=True, community="communauté turque")
    services.set_objection(viewer=police, case_person=victim(case), objects=False)

    assert book(police, case, interpreter(communities="Communauté turque de Montreval"))


def test_the_interpreter_must_speak_a_language_of_the_person(police, case):
    message = refusal(police, case, interpreter(languages="ar,fr"))

    assert "Aylin Demir ne parle aucune langue que parle Sofia Martin" in message


def test_languages_written_in_words_are_understood(police):
    case = situation(police, victim_languages="turc, français")

    assert book(police, case, interpreter(languages="tr"))


def test_unknown_languages_of_the_person_only_warn(police):
    case = situation(police, victim_languages="")
    aylin = interpreter()

    message = refusal(police, case, aylin)

    assert "Les langues que parle Sofia Martin ne sont pas renseignées" in message
    assert book(police, case, aylin, confirmed_warnings=True)


def test_an_inactive_interpreter_cannot_be_booked(police, case):
    message = refusal(police, case, interpreter(is_active=False))

    assert "n" + APOSTROPHE + "est plus active dans le registre" in message


def test_the_objection_is_the_victims_only(police, case):
    with pytest.raises(ValidationError):
        services.set_objection(viewer=police, case_person=case.people.get(role=PersonRole.PERPETRATOR), objects=True)
