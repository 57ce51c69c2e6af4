"""Verifying the audit trail's hash chain.

Each entry's `entry_hash` covers its content and the previous entry's hash. So:
- an altered entry no longer matches its own hash;
- a deleted entry leaves the next entry pointing at a hash that is not the one before it;
- an inserted or reordered entry breaks the link in the same way.
Removing the newest entries leaves a shorter, valid chain: keep the head hash that
`verify_audit_chain` prints somewhere outside the database (e.g. the monitoring system) and pass
it back with `--expect-head` to detect that too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.audit.log import entry_digest
from apps.audit.models import AuditEntry


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    kind: str  # "altered" or "broken_link"
    message: str


@dataclass
class ChainReport:
    checked: int = 0
    head_hash: str = ""
    head_id: int | None = None
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk every entry in id order and report each one that breaks the chain."""
    report = ChainReport()
    previous_hash = ""
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size)
    for entry in entries:
        report.checked += 1
        if entry.previous_hash != previous_hash:
            report.problems.append(
                ChainProblem(
                    entry.pk,
                    "broken_link",
                    f"entry {entry.pk} points to previous hash {entry.previous_hash[:12] or '-'}…"
                    f" but the entry before it has {previous_hash[:12] or '-'}…:"
                    " an entry before it was deleted, inserted or altered",
                )
            )
        if entry_digest(entry) != entry.entry_hash:
            report.problems.append(
                ChainProblem(
                    entry.pk, "altered", f"entry {entry.pk} does not match its hash: it was altered"
                )
            )
        previous_hash = entry.entry_hash
        report.head_hash = entry.entry_hash
        report.head_id = entry.pk
    return report
