"""Reminders of due next steps, follow-up dates and missing feedback, each sent once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from apps.consultations import services
from apps.consultations.models import NextStep
from tests.consultation_helpers import case_in_follow_up, people

pytestmark = pytest.mark.django_db


def run(django_capture_on_commit_callbacks, now=None):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_send_due(now)


def test_a_step_not_yet_due_is_not_reminded(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    _case, _meeting = case_in_follow_up(p)
    NextStep.objects.update(due=timezone.localdate() + datetime.timedelta(days=3))
    assert run(django_capture_on_commit_callbacks)["steps"] == 0
    assert not mail.outbox


def test_a_due_step_is_reminded_again_only_after_a_week(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    case_in_follow_up(p)
    now = timezone.now()
    assert run(django_capture_on_commit_callbacks, now)["steps"] == 1
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=3))["steps"] == 0
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=8))["steps"] == 1
    NextStep.objects.update(status=NextStep.Status.DONE)
    assert run(django_capture_on_commit_callbacks, now + datetime.timedelta(days=20))["steps"] == 0


def test_the_follow_up_date_is_reminded_once_to_the_coordinator(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    p = people()
    case, _meeting = case_in_follow_up(p)
    NextStep.objects.update(status=NextStep.Status.DONE)
    case.follow_up_date = timezone.localdate()
    case.save()
    assert run(django_capture_on_commit_callbacks)["follow_up"] == 1
    assert [m.to for m in mail.outbox] == [[p.coordinator.email]]
    assert run(django_capture_on_commit_callbacks)["follow_up"] == 0


def test_missing_feedback_is_reminded_once_after_a_week(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    case, _meeting = case_in_follow_up(p)
    NextStep.objects.update(status=NextStep.Status.DONE)
    services.close(case, what_worked="x", gap_categories=["other"], gaps_text="", by=p.coordinator)
    now = timezone.now()
    assert run(django_capture_on_commit_callbacks, now)["feedback"] == 0
    later = now + datetime.timedelta(days=8)
    assert run(django_capture_on_commit_callbacks, later)["feedback"] == 1
    assert mail.outbox[-1].to == [p.requester.email]
    assert run(django_capture_on_commit_callbacks, later)["feedback"] == 0


def test_no_feedback_reminder_after_feedback(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    case, _meeting = case_in_follow_up(p)
    NextStep.objects.update(status=NextStep.Status.DONE)
    services.close(case, what_worked="x", gap_categories=["other"], gaps_text="", by=p.coordinator)
    services.feedback_give(case, requester=p.requester, ratings={"trust": 5}, free_text="")
    later = timezone.now() + datetime.timedelta(days=8)
    assert run(django_capture_on_commit_callbacks, later)["feedback"] == 0


def test_the_database_queue_runs_the_reminders_hourly(settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from apps.consultations.tasks import REMINDER_INTERVAL, schedule_reminders, send_due_reminders

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("consultations_remind", "--schedule", verbosity=0)
    assert not schedule_reminders()  # one waiting run is enough
    waiting = DBTaskResult.objects.get(task_path=send_due_reminders.module_path)
    assert waiting.status == TaskResultStatus.READY
    waiting.status = TaskResultStatus.SUCCESSFUL  # as the worker marks it after the run
    waiting.save()
    before = timezone.now()
    send_due_reminders.call()  # what the worker runs: it queues the next hour
    following = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert following.run_after >= before + REMINDER_INTERVAL - datetime.timedelta(seconds=5)


def test_the_immediate_queue_does_not_loop() -> None:
    from apps.consultations.tasks import schedule_reminders

    assert not schedule_reminders()
