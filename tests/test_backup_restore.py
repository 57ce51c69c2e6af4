"""Backup and restore: after a restore every table's row count and checksum match the backup,
uploaded files come back, and a damaged backup is refused. Runs against the test database
(PostgreSQL with pg_dump and pg_restore in CI; SQLite's online backup locally)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.accounts.models import Role, User
from apps.audit.log import record
from apps.audit.models import Action, AuditEntry
from apps.trust.backup import table_checksums
from tests.factories import ActorFactory, UserFactory, user_with_roles

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "postgresql" and shutil.which("pg_restore") is None,
        reason="pg_dump and pg_restore are not installed",
    ),
]


@pytest.fixture(autouse=True)
def _reference_data() -> None:
    from apps.organisations.services import reference_data_ensure

    # Transactional tests empty every table afterwards, the migrations' rows included.
    reference_data_ensure()


@pytest.fixture
def media(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "media"
    (root / "attachments").mkdir(parents=True)
    (root / "attachments" / "liite.txt").write_text("Fiktiivinen liite\n", encoding="utf-8")
    settings.MEDIA_ROOT = str(root)
    return root


def test_a_restore_brings_back_every_table_and_file(tmp_path: Path, media: Path) -> None:
    kept = user_with_roles((Role.COORDINATOR, "sisa-suomi"), email="sailyy@example.fi")
    ActorFactory()
    record(Action.SIGN_IN, user=kept, target=kept)
    before = table_checksums()
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "b"), stdout=out)
    assert "backup written to" in out.getvalue()

    # Things change after the backup: rows added and removed, a file lost.
    UserFactory(email="myohemmin@example.fi")
    User.objects.filter(pk=kept.pk).delete()
    record(Action.VIEW, object_type="test.thing")
    (media / "attachments" / "liite.txt").unlink()
    assert table_checksums() != before

    out = io.StringIO()
    call_command("restore_backup", str(tmp_path / "b"), yes=True, stdout=out)

    assert "restore verified" in out.getvalue()
    assert table_checksums() == before
    assert User.objects.filter(email="sailyy@example.fi").exists()
    assert not User.objects.filter(email="myohemmin@example.fi").exists()
    assert AuditEntry.objects.count() == 1
    assert (media / "attachments" / "liite.txt").read_text(encoding="utf-8") == (
        "Fiktiivinen liite\n"
    )
    call_command("verify_audit_chain", stdout=io.StringIO())


def test_a_damaged_backup_is_refused(tmp_path: Path, media: Path) -> None:
    call_command("backup", output=str(tmp_path / "b"), stdout=io.StringIO())
    dump = next(p for p in (tmp_path / "b").iterdir() if p.name.startswith("db."))
    with dump.open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore_backup", str(tmp_path / "b"), yes=True)


def test_a_restore_needs_confirmation(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_backup", str(tmp_path))
