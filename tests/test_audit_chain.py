"""The audit trail is append-only and `verify_audit_chain` detects deleted and altered entries."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from apps.audit.log import record
from apps.audit.models import Action, AppendOnlyError, AuditEntry
from tests.audit_tamper import tamper_delete, tamper_set

pytestmark = pytest.mark.django_db


def five_entries() -> list[AuditEntry]:
    return [record(Action.VIEW, object_type="test.thing", object_id=i) for i in range(5)]


def verify() -> str:
    call_command("verify_audit_chain", stdout=(out := __import__("io").StringIO()))
    return out.getvalue()


def test_it_passes_an_untouched_chain() -> None:
    entries = five_entries()
    output = verify()
    assert "audit chain OK: 5 entries" in output
    assert entries[-1].entry_hash in output


def test_it_detects_a_deleted_entry() -> None:
    entries = five_entries()
    tamper_delete(entries[2].pk)
    with pytest.raises(CommandError, match="BROKEN: 1 problem"):
        verify()


def test_it_names_the_entry_after_the_gap(capsys: pytest.CaptureFixture[str]) -> None:
    entries = five_entries()
    tamper_delete(entries[2].pk)
    err = __import__("io").StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", stderr=err)
    assert f"entry {entries[3].pk} points to previous hash" in err.getvalue()


def test_it_detects_an_altered_entry() -> None:
    entries = five_entries()
    tamper_set(entries[1].pk, "user_label", "someone-else@example.fi")
    err = __import__("io").StringIO()
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("verify_audit_chain", stderr=err)
    assert f"entry {entries[1].pk} does not match its hash: it was altered" in err.getvalue()


def test_it_detects_an_altered_entry_whose_hash_was_recomputed() -> None:
    from apps.audit.log import entry_digest

    entries = five_entries()
    forged = AuditEntry.objects.get(pk=entries[1].pk)
    forged.object_id = "999"
    tamper_set(forged.pk, "object_id", "999")
    tamper_set(forged.pk, "entry_hash", entry_digest(forged))
    err = __import__("io").StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", stderr=err)
    # The forged entry matches its own hash, but the next one no longer links to it.
    assert f"entry {entries[2].pk} points to previous hash" in err.getvalue()


def test_it_detects_removed_newest_entries_with_the_remembered_head() -> None:
    entries = five_entries()
    head = entries[-1].entry_hash
    tamper_delete(entries[-1].pk)
    verify()  # the shorter chain is valid in itself
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("verify_audit_chain", expect_head=head)


def test_the_orm_refuses_to_change_or_delete_entries() -> None:
    entry = record(Action.VIEW, object_type="test.thing")
    entry.object_id = "2"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_id="3")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_id == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)
def test_postgresql_refuses_raw_changes_and_deletions() -> None:
    entry = record(Action.VIEW, object_type="test.thing")
    for sql in (
        "UPDATE audit_auditentry SET object_id = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, object_id="").exists()


def test_deleting_a_user_keeps_the_trail_intact() -> None:
    from tests.factories import UserFactory

    user = UserFactory()
    record(Action.SIGN_IN, user=user, target=user)
    user.delete()
    assert "audit chain OK: 1 entries" in verify()
