"""What an attacker with database access would do: change or delete audit rows behind the
application's back (raw SQL; on PostgreSQL with triggers switched off, which needs a superuser)."""

from __future__ import annotations

from django.db import connection


def _run(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")


def tamper_set(entry_id: int, column: str, value: object) -> None:
    assert column.isidentifier()
    _run(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, entry_id])  # noqa: S608


def tamper_delete(entry_id: int) -> None:
    _run("DELETE FROM audit_auditentry WHERE id = %s", [entry_id])
