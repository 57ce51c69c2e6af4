from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.consultations.services import reminders_send_due
from apps.consultations.tasks import schedule_reminders


class Command(BaseCommand):
    help = (
        "Queue reminders of due next steps, follow-up dates and missing feedback now. Safe to "
        "run often (e.g. hourly from cron); each reminder is sent once per interval. With "
        "--schedule, let the task worker run them every hour instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue an hourly, self-rescheduling reminder run for the task worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            queued = schedule_reminders()
            self.stdout.write(
                "Hourly reminders queued for the worker."
                if queued
                else "Reminders already scheduled (or the queue cannot defer tasks)."
            )
            return
        counts = reminders_send_due()
        self.stdout.write(
            f"Reminders queued: {counts['steps']} next steps, {counts['follow_up']} follow-ups, "
            f"{counts['feedback']} feedback requests."
        )
