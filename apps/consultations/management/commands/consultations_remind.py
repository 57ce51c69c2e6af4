from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.consultations.services import reminders_send_due


class Command(BaseCommand):
    help = (
        "Queue reminders of due next steps, follow-up dates and missing feedback. Safe to run "
        "often (e.g. hourly from cron); each reminder is sent once per interval."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = reminders_send_due()
        self.stdout.write(
            f"Reminders queued: {counts['steps']} next steps, {counts['follow_up']} follow-ups, "
            f"{counts['feedback']} feedback requests."
        )
