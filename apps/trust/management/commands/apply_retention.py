"""`manage.py apply_retention`: remove or pseudonymise records past their retention period.

Run daily by the background worker (or cron). `--dry-run` prints what would be removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.trust import retention


class Command(BaseCommand):
    help = "Delete or pseudonymise records past their retention period (audit-logged)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only show what is due.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            for result in retention.preview():
                self.stdout.write(
                    f"{result.kind.key}: {result.count} due ({result.kind.method},"
                    f" {result.days} days, {result.held} on legal hold)"
                )
            return
        for result in retention.run():
            self.stdout.write(f"{result.kind.key}: {result.count} {result.kind.method}d")
