"""E-mail notifications, sent from the database-backed task queue (django-tasks).

A notification never carries case content: only what happened, the case reference and a link.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from apps.accounts.models import User


def _subject_and_line(kind: str) -> tuple[str, str]:
    texts = {
        "new_request": (_("New consultation request"), _("A new consultation request arrived.")),
        "invitation": (
            _("Invitation to a consultation"),
            _("You have been invited to a consultation. Please answer in OT-verkosto."),
        ),
        "invitation_answered": (
            _("An expert answered an invitation"),
            _("An expert answered your invitation."),
        ),
        "decision": (
            _("Decision on your consultation request"),
            _("The centre has decided on your consultation request."),
        ),
        "scheduled": (
            _("Consultation scheduled"),
            _("A consultation has been scheduled. The calendar invitation is attached."),
        ),
        "record_to_approve": (
            _("Consultation record waiting for approval"),
            _("The record of a consultation waits for your approval as chair."),
        ),
        "memo_ready": (_("Consultation memo ready"), _("The memo of your consultation is ready.")),
        "step_due": (
            _("Reminder: a next step is due"),
            _("A next step agreed in a consultation is due. Please mark whether it was done."),
        ),
        "follow_up_due": (
            _("Reminder: follow-up date"),
            _("The follow-up date of a consultation has come."),
        ),
        "feedback_request": (
            _("How did the consultation go?"),
            _("The consultation has been closed. Please tell us how it went (takes 3 minutes)."),
        ),
        "feedback_reminder": (
            _("Reminder: feedback on a consultation"),
            _("You have not yet given feedback on a closed consultation."),
        ),
    }
    return texts[kind]


@task()
def send_notification(
    user_ids: list[int],
    kind: str,
    reference: str,
    path: str,
    language: str = "fi",
    ics: str = "",
) -> int:
    """Send one e-mail per recipient; returns how many were sent."""
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        with translation.override(language):
            subject, line = _subject_and_line(kind)
            body = "\n\n".join(
                [
                    line,
                    _("Case: %(reference)s") % {"reference": reference},
                    f"{settings.SITE_URL}{path}",
                    _("This message contains no case details. Sign in to read them."),
                ]
            )
            message = EmailMessage(
                subject=f"[OT-verkosto] {subject} ({reference})", body=body, to=[user.email]
            )
            if ics:
                message.attach(f"{reference}.ics", ics, "text/calendar")
            message.send()
            sent += 1
    return sent


def notify(
    user_ids: list[int | None] | set[int | None],
    kind: str,
    reference: str,
    path: str,
    language: str = "fi",
    ics: str = "",
) -> None:
    """Queue a notification once the current transaction has committed."""
    ids = sorted({pk for pk in user_ids if pk})
    if not ids:
        return
    transaction.on_commit(
        lambda: send_notification.enqueue(ids, kind, reference, path, language, ics)
    )


# How often the reminders run when the queue schedules them itself (`consultations_remind
# --schedule`, which `make run` uses).
REMINDER_INTERVAL = datetime.timedelta(hours=1)


@task()
def send_due_reminders() -> dict[str, int]:
    """Queue-run wrapper of services.reminders_send_due; schedules its own next run."""
    from apps.consultations.services import reminders_send_due

    counts = reminders_send_due()
    schedule_reminders(delay=REMINDER_INTERVAL)
    return counts


def schedule_reminders(delay: datetime.timedelta = datetime.timedelta(0)) -> bool:
    """Queue the next reminder run, unless one is already waiting. Only on a queue that can
    defer tasks (the database queue); returns whether a run was queued."""
    from django_tasks import TaskResultStatus, task_backends

    backend = task_backends[send_due_reminders.backend]
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=send_due_reminders.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    send_due_reminders.using(run_after=timezone.now() + delay).enqueue()
    return True
