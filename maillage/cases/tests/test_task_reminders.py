"""Reminders of due and overdue tasks, sent by email through the background-task system."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.cases.reminders import send_task_reminders
from maillage.cases.services import add_task, end_participation, invite_agency
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


def member(make_member, kind, role=Role.COORDINATOR):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


def test_owner_is_reminded_of_an_overdue_task_without_personal_data(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)
    add_task(
        viewer=police,
        case=case,
        title="Appeler Sofia Martin",
        owner_agency=police.agency,
        owner=police.user,
        due_on=timezone.localdate() - timedelta(days=2),
    )

    call_command("enqueue_task_reminders")

    (email,) = mail.outbox
    assert email.to == [police.user.email]
    assert case.reference in email.body
    assert "en retard" in email.body
    assert "Sofia" not in email.body and "Martin" not in email.body


def test_agency_that_left_the_situation_is_not_reminded(make_member):
    police = member(make_member, AgencyKind.POLICE)
    support = member(make_member, AgencyKind.VICTIM_SUPPORT)
    case = open_case(police)
    participation = invite_agency(viewer=police, case=case, agency=support.agency)
    add_task(viewer=police, case=case, title="Évaluation", owner_agency=support.agency, due_on=timezone.localdate())
    end_participation(viewer=police, participation=participation)

    assert send_task_reminders.call() == 0
    assert mail.outbox == []


def test_task_due_next_month_is_not_reminded_yet(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)
    add_task(
        viewer=police,
        case=case,
        title="Bilan",
        owner_agency=police.agency,
        due_on=timezone.localdate() + timedelta(days=30),
    )

    assert send_task_reminders.call() == 0
