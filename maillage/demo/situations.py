"""Demo situations for Val-de-Loing: Sofia's (the shared vignette) and a few dozen others at every
stage. Everything is fictional and made through the services, so it is audited like real work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.cases import services
from maillage.cases.models import Case, CaseStatus, ClosureReason, IntakeChannel, PersonRole, ViolenceForm
from maillage.cases.services import PersonDetails, SignalDetails
from maillage.demo import data
from maillage.directory.models import Agency, AgencyKind
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

GIVEN_NAMES_F = ["Sofia", "Amina", "Julie", "Nadia", "Claire", "Fatou", "Olga", "Inès", "Marie", "Leïla", "Sandrine"]
GIVEN_NAMES_M = ["Karim", "Thomas", "Youssef", "Nicolas", "Mamadou", "Sergueï", "Julien", "Hakim", "Loïc", "Franck"]
FAMILY_NAMES = ["Martin", "Benali", "Dupont-Leroy", "Diallo", "Kouznetsova", "Moreau", "Haddad", "Lefèvre", "Nguyen"]
CHANNELS = [IntakeChannel.COMPLAINT, IntakeChannel.LOGBOOK_REPORT, IntakeChannel.POLICE_CALLOUT, IntakeChannel.HOTLINE]
STAGES = [CaseStatus.SIGNALLED, CaseStatus.EVALUATING, CaseStatus.ACTIVE, CaseStatus.MONITORING, CaseStatus.CLOSED]
PATHS = {
    CaseStatus.SIGNALLED: [],
    CaseStatus.EVALUATING: [CaseStatus.EVALUATING],
    CaseStatus.ACTIVE: [CaseStatus.EVALUATING, CaseStatus.ACTIVE],
    CaseStatus.MONITORING: [CaseStatus.EVALUATING, CaseStatus.ACTIVE, CaseStatus.MONITORING],
    CaseStatus.CLOSED: [CaseStatus.EVALUATING, CaseStatus.ACTIVE, CaseStatus.CLOSED],
}


def _viewer(email: str, agency: Agency) -> Viewer:
    membership = Membership.objects.select_related("user").filter(user__email=email, agency=agency).first()
    assert membership is not None, f"demo user {email} is not in {agency}"
    return Viewer(user=membership.user, agency=agency)


def _agency(kind: AgencyKind) -> Agency:
    """The principal demo agency of `kind` (the directory holds several of most kinds)."""
    agency = Agency.objects.filter(
        department_code=data.DEMO_DEPARTMENT, name=data.PRINCIPAL_AGENCIES[kind], is_active=True
    ).first()
    assert agency is not None, f"the demo directory has no agency of kind {kind}"
    return agency


def load_situations(*, count: int = 36, seed: int = 2026) -> int:
    """Create the demo situations once; returns how many were created (0 when already there)."""
    if Case.objects.filter(department_code=data.DEMO_DEPARTMENT).exists():
        return 0
    police = _viewer("policier@demo.maillage.test", Agency.objects.get(name=data.POLICE))
    coordination = _viewer("coordinatrice@demo.maillage.test", Agency.objects.get(name=data.VICTIM_SUPPORT))
    _sofia(police, coordination)
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    for index in range(count - 1):
        _another_situation(rng, index, police, coordination)
    return count


def _sofia(police: Viewer, coordination: Viewer) -> Case:
    assert coordination.agency is not None
    today = timezone.localdate()
    case = services.open_case_from_signal(
        viewer=police,
        signal=SignalDetails(
            channel=IntakeChannel.COMPLAINT,
            received_on=today,
            referring_agency=_agency(AgencyKind.HEALTH),
            referring_person="Urgentiste du centre hospitalier",
            first_facts="Plainte ce matin : strangulation la nuit dernière devant sa fille de 4 ans, menace de mort "
            "en cas de départ. Main courante il y a trois semaines (bras contusionné).",
            children=(PersonDetails("Lina", "Martin", birth_date=today.replace(year=today.year - 4)),),
            coordinator_agency=coordination.agency,
        ),
        victim=PersonDetails("Sofia", "Martin", birth_date=today.replace(year=today.year - 29), languages="fr"),
        perpetrator=PersonDetails("Karim", "Benali", birth_date=today.replace(year=today.year - 34)),
    )
    services.record_incident(
        viewer=police,
        case=case,
        values={
            "occurred_on": today - timedelta(days=21),
            "place": "Domicile",
            "forms": [ViolenceForm.PHYSICAL],
            "injuries": "Bras contusionné ; dit être tombée.",
            "source": IntakeChannel.LOGBOOK_REPORT,
            "police_response": "Main courante après appel d'un voisin au 17",
        },
    )
    services.record_incident(
        viewer=police,
        case=case,
        values={
            "occurred_on": today - timedelta(days=1),
            "place": "Domicile",
            "forms": [ViolenceForm.PHYSICAL, ViolenceForm.PSYCHOLOGICAL, ViolenceForm.ECONOMIC],
            "strangulation": True,
            "children_present": True,
            "injuries": "Marques au cou constatées aux urgences.",
            "source": IntakeChannel.COMPLAINT,
            "description": "Menace de « finir le travail » si elle part. "
            "Garde sa carte bancaire, contrôle son téléphone.",
        },
    )
    victim = case.people.get(role=PersonRole.VICTIM)
    services.save_victim_contact(
        viewer=police,
        case_person=victim,
        values={
            "safe_phone": "06 00 00 00 01",
            "safe_email": "",
            "safe_times": "En semaine de 9 h à 12 h (il travaille)",
            "code_word": "tournesol",
            "may_leave_message": False,
            "address": "Chez une amie, adresse communiquée oralement à la coordinatrice",
        },
        expected_version=None,
    )
    for kind in (AgencyKind.CHILD_PROTECTION, AgencyKind.JUSTICE, AgencyKind.SOCIAL_SERVICES):
        services.invite_agency(viewer=coordination, case=case, agency=_agency(kind))
    services.add_note(
        viewer=coordination,
        case=case,
        compartment=Compartment.VICTIM_ONLY,
        body="Souhaite partir avec Lina chez sa mère (300 km). Pas de famille à proximité.",
    )
    services.add_task(
        viewer=coordination,
        case=case,
        title="Évaluation des besoins (EVVI) et plan de mise en sécurité",
        owner_agency=coordination.agency,
        due_on=today + timedelta(days=2),
    )
    services.add_task(
        viewer=coordination,
        case=case,
        title="Information préoccupante pour Lina",
        owner_agency=_agency(AgencyKind.CHILD_PROTECTION),
        due_on=today - timedelta(days=1),
    )
    services.change_status(viewer=coordination, case=case, to_status=CaseStatus.ACTIVE, expected_version=case.version)
    return case


def _another_situation(rng: random.Random, index: int, police: Viewer, coordination: Viewer) -> Case:
    assert police.agency is not None and coordination.agency is not None
    today = timezone.localdate()
    received = today - timedelta(days=rng.randint(1, 300))
    case = services.open_case_from_signal(
        viewer=police,
        signal=SignalDetails(
            channel=rng.choice(CHANNELS),
            received_on=received,
            referring_agency=police.agency,
            first_facts=rng.choice(
                [
                    "Violences verbales répétées, dégradations au domicile.",
                    "Coups, départ du domicile envisagé.",
                    "Contrôle des sorties et de l'argent, isolement.",
                    "Harcèlement par messages après la séparation.",
                ]
            ),
            coordinator_agency=coordination.agency,
        ),
        victim=PersonDetails(rng.choice(GIVEN_NAMES_F), rng.choice(FAMILY_NAMES), birth_date=_birth(rng, today)),
        perpetrator=PersonDetails(rng.choice(GIVEN_NAMES_M), rng.choice(FAMILY_NAMES), birth_date=_birth(rng, today)),
    )
    services.record_incident(
        viewer=police,
        case=case,
        values={
            "occurred_on": received - timedelta(days=rng.randint(0, 10)),
            "forms": rng.sample(list(ViolenceForm.values), k=rng.randint(1, 3)),
            "strangulation": rng.random() < 0.15,
            "children_present": rng.random() < 0.4,
            "source": IntakeChannel.COMPLAINT,
        },
    )
    services.add_task(
        viewer=coordination,
        case=case,
        title=rng.choice(
            ["Premier contact avec la victime", "Orientation vers un avocat", "Point avec l'assistante sociale"]
        ),
        owner_agency=coordination.agency,
        due_on=received + timedelta(days=rng.randint(3, 40)),
    )
    stage = STAGES[index % len(STAGES)]
    for step in PATHS[stage]:
        reason = rng.choice(list(ClosureReason.values[:3])) if step == CaseStatus.CLOSED else ""
        services.change_status(
            viewer=coordination, case=case, to_status=step, expected_version=case.version, reason=reason
        )
    return case


def _birth(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(19 * 365, 70 * 365))
