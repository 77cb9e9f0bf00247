"""Finding the same person recorded by several agencies, without showing anyone else's file.

When a person is recorded in a situation, their blocking keys are stored as keyed digests; persons
of other situations sharing a digest are compared, and each coordinator is told that a possible
match exists in a situation coordinated by another agency, whom they can ask.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from maillage.audit.hashing import keyed_digest
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.matching import MatchResult, PersonRecord, blocking_keys, compare, normalise_phone
from maillage.cases.models import Case, CasePerson, MatchAlert, Person, PersonMatchKey, PersonRole, VictimContact
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


def person_record(person: Person, phones: Iterable[str] = ()) -> PersonRecord:
    return PersonRecord(
        key=str(person.pk),
        given_names=person.given_names,
        family_name=person.family_name,
        birth_name=person.birth_name,
        aliases=tuple(person.aliases),
        birth_date=person.birth_date,
        phones=tuple(phone for phone in (normalise_phone(raw) for raw in phones) if phone),
    )


def _known_phones(person: Person) -> list[str]:
    """The phones held for a person: for a victim, her safe phone (decrypted server-side only)."""
    contacts = VictimContact.objects.filter(case_person__person=person, case_person__role=PersonRole.VICTIM)
    return [contact.safe_phone for contact in contacts if contact.safe_phone]


def index_person(person: Person) -> frozenset[str]:
    """Store the digests of the person's blocking keys, replacing earlier ones; returns them."""
    digests = frozenset(keyed_digest(key) for key in blocking_keys(person_record(person, _known_phones(person))))
    PersonMatchKey.objects.filter(person=person).exclude(digest__in=digests).delete()
    existing = set(PersonMatchKey.objects.filter(person=person).values_list("digest", flat=True))
    PersonMatchKey.objects.bulk_create(
        [PersonMatchKey(person=person, digest=digest) for digest in digests - existing], ignore_conflicts=True
    )
    return digests


def detect_matches(link: CasePerson) -> list[MatchAlert]:
    """Index the person of `link` and raise alerts for possible matches in other situations."""
    person, case = link.person, link.case
    digests = index_person(person)
    candidates = (
        Person.objects.filter(match_key_rows__digest__in=digests)
        .exclude(pk=person.pk)
        .exclude(roles__case=case)
        .distinct()
    )
    record = person_record(person, _known_phones(person))
    alerts: list[MatchAlert] = []
    for candidate in candidates:
        result = compare(record, person_record(candidate, _known_phones(candidate)))
        if result.level == "none":
            continue
        for other_link in CasePerson.objects.filter(person=candidate).exclude(case=case).select_related("case"):
            alerts += _alert_both(link, other_link, result)
    return alerts


def _alert_both(link: CasePerson, other_link: CasePerson, result: MatchResult) -> list[MatchAlert]:
    created = []
    for here, there in ((link, other_link), (other_link, link)):
        alert, is_new = MatchAlert.objects.get_or_create(
            case=here.case,
            person=here.person,
            other_person=there.person,
            defaults={
                "other_case": there.case,
                "other_agency": there.case.coordinator_agency,
                "level": result.level,
                "score": result.score,
                "reasons": list(result.reasons),
            },
        )
        if is_new:
            record_event(AuditAction.CREATE, obj=alert, fields=["level", "reasons", "other_agency"])
            created.append(alert)
    return created


def match_alerts(*, viewer: Viewer, case: Case) -> QuerySet[MatchAlert]:
    """Open alerts of a situation, for its coordinating agency only, about the people of it that
    the agency may see (a child is in the children compartment)."""
    authorize(viewer, Action.MANAGE_PARTICIPANTS, case, hide_existence=True)
    visible = CasePerson.objects.filter(case=case, compartment__in=sorted(viewer.open_compartments(case)))
    alerts = case.match_alerts.filter(
        status=MatchAlert.Status.OPEN, person__in=visible.values("person")
    ).select_related("person", "other_agency")
    record_event(AuditAction.VIEW, object_type="cases.matchalert_list", object_id=str(case.pk))
    return alerts.order_by("-score")


def resolve_alert(*, viewer: Viewer, alert: MatchAlert, same_person: bool) -> MatchAlert:
    """The coordinator, having asked the other agency, confirms or dismisses the match."""
    authorize(viewer, Action.MANAGE_PARTICIPANTS, alert.case, hide_existence=True)
    with transaction.atomic():
        alert.status = MatchAlert.Status.CONFIRMED if same_person else MatchAlert.Status.DISMISSED
        alert.resolved_at = timezone.now()
        alert.resolved_by = viewer.user
        alert.save(update_fields=["status", "resolved_at", "resolved_by"])
        record_event(AuditAction.UPDATE, obj=alert, fields=["status"])
    return alert
