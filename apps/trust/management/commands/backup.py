"""`manage.py backup [--output DIR]`: database and uploaded files, with a checksum manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from apps.trust.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files into a new directory with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="New directory (default: OT_BACKUP_DIR/<time>).")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        directory = Path(options["output"] or Path(settings.OT_BACKUP_DIR) / stamp)
        try:
            result = backup(directory)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        tables = result.manifest["tables"]
        rows = sum(table["rows"] for table in tables.values())
        self.stdout.write(f"backup written to {directory}: {len(tables)} tables, {rows} rows")
