"""`manage.py restore_backup DIR --yes`: replace the database and uploaded files with a backup,
then prove it: every table's row count and checksum must match the backup's manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.trust.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` and verify it table by table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: the current data is replaced."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("restore_backup replaces all current data: add --yes to confirm")
        try:
            problems = restore(Path(options["directory"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"restore NOT verified: {len(problems)} table(s) differ")
        self.stdout.write("restore verified: every table matches the backup's counts and checksums")
