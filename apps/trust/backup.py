"""Backup and restore of the database and the uploaded files, with a manifest that proves a
restore complete: row counts and checksums of every table, and checksums of the archives.

PostgreSQL (production) uses pg_dump's custom format and pg_restore; SQLite (development) uses
SQLite's online backup. Uploaded files (settings.MEDIA_ROOT, if set) go into media.tar.gz.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
DB_DUMP = "db.dump"
DB_SQLITE = "db.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_checksums() -> dict[str, dict[str, Any]]:
    """Row count and an order-independent checksum of every table's content."""
    result: dict[str, dict[str, Any]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), ''"  # noqa: S608
                    f" ORDER BY md5(t::text))), '') FROM {quote(table)} t"
                )
                count, checksum = cursor.fetchone()
            else:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
                rows = sorted(
                    hashlib.md5(repr(row).encode(), usedforsecurity=False).hexdigest()
                    for row in cursor.fetchall()
                )
                count = len(rows)
                checksum = hashlib.md5("".join(rows).encode(), usedforsecurity=False).hexdigest()
            result[table] = {"rows": count, "checksum": checksum}
    return result


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


@dataclass
class BackupResult:
    directory: Path
    manifest: dict[str, Any]


def backup(directory: Path) -> BackupResult:
    directory.mkdir(parents=True, exist_ok=False)
    files: dict[str, str] = {}
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(directory / DB_DUMP), *args],
            env,
        )
        files[DB_DUMP] = _sha256(directory / DB_DUMP)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(directory / DB_SQLITE)
        with target:
            connection.connection.backup(target)
        target.close()
        files[DB_SQLITE] = _sha256(directory / DB_SQLITE)
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    root = media_root()
    if root is not None and root.is_dir():
        with tarfile.open(directory / MEDIA_ARCHIVE, "w:gz") as archive:
            archive.add(root, arcname="media")
        files[MEDIA_ARCHIVE] = _sha256(directory / MEDIA_ARCHIVE)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": connection.vendor,
        "files": files,
        "tables": table_checksums(),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(directory, manifest)


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: not a backup made by `manage.py backup`")
    manifest: dict[str, Any] = json.loads(path.read_text())
    for name, checksum in manifest["files"].items():
        if not (directory / name).is_file():
            raise BackupError(f"{name} is missing from {directory}")
        if _sha256(directory / name) != checksum:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    return manifest


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"table {table} is missing after the restore")
        elif table not in expected:
            problems.append(f"table {table} was not in the backup")
        elif expected[table] != actual[table]:
            problems.append(
                f"table {table}: {actual[table]['rows']} rows, expected {expected[table]['rows']}"
                " (or different content)"
            )
    return problems


def restore(directory: Path) -> list[str]:
    """Restore database and files; returns the differences from the manifest (none = proven)."""
    manifest = read_manifest(directory)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"the backup is of {manifest['vendor']}, this is {connection.vendor}")
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                str(directory / DB_DUMP),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(directory / DB_SQLITE)
        with source:
            source.backup(connection.connection)
        source.close()
    root = media_root()
    if MEDIA_ARCHIVE in manifest["files"] and root is not None:
        if root.exists():
            shutil.rmtree(root)
        root.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(directory / MEDIA_ARCHIVE, "r:gz") as archive:
            archive.extractall(root.parent / "_restore", filter="data")
        (root.parent / "_restore" / "media").rename(root)
        shutil.rmtree(root.parent / "_restore")
    return compare(manifest["tables"], table_checksums())
