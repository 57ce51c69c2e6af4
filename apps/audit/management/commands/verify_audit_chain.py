"""`manage.py verify_audit_chain`: exit status 1 and one line per problem on tampering."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.audit.chain import verify_chain
from apps.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; report altered, deleted or inserted entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            default="",
            help="A head hash printed by an earlier run: fails if that entry is gone.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        problems = [problem.message for problem in report.problems]
        expected = options["expect_head"].strip()
        if expected and not AuditEntry.objects.filter(entry_hash=expected).exists():
            problems.append(
                f"the earlier head {expected[:12]}… is no longer in the trail:"
                " newest entries were deleted"
            )
        if problems:
            for message in problems:
                self.stderr.write(message)
            raise CommandError(
                f"audit chain BROKEN: {len(problems)} problem(s) in {report.checked} entries"
            )
        self.stdout.write(
            f"audit chain OK: {report.checked} entries; head {report.head_hash or '-'}"
            f" (entry {report.head_id or '-'})"
        )
