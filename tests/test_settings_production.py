"""Production mode refuses to start half-configured, and is clean under `check --deploy`."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from otverkosto.env import EnvError, envbool, envint, envlist, secret

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"OIDC_CLIENT_ID", "OIDC_SERVER_URL"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "otverkosto.settings"
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def strong_key() -> str:
    return secrets.token_urlsafe(50)


def test_it_refuses_production_without_secret_key_and_hosts() -> None:
    result = run_manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "refuses to start" in result.stderr
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_refuses_production_without_allowed_hosts() -> None:
    result = run_manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert "set DJANGO_ALLOWED_HOSTS" in result.stderr


def test_it_refuses_a_weak_secret_key() -> None:
    result = run_manage("check", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="ot.example.fi")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_it_treats_a_configured_secret_key_as_production() -> None:
    result = run_manage("check", DJANGO_SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_it_reads_the_secret_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(strong_key() + "\n")
    result = run_manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY_FILE=str(key_file),
        DJANGO_ALLOWED_HOSTS="ot.example.fi",
    )
    assert result.returncode == 0, result.stderr


def test_it_is_clean_under_check_deploy_in_production_mode() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=strong_key(),
        DJANGO_ALLOWED_HOSTS="ot.example.fi",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_starts_in_development_mode_without_any_configuration() -> None:
    result = run_manage("check")
    assert result.returncode == 0, result.stderr


def test_it_parses_booleans_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert envbool("X_FLAG", default=True) is False
    monkeypatch.delenv("X_FLAG")
    assert envbool("X_FLAG", default=True) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(EnvError, match="X_FLAG"):
        envbool("X_FLAG", default=False)


def test_it_parses_integers_and_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", " 42 ")
    assert envint("X_INT", 1) == 42
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(EnvError, match="X_INT"):
        envint("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a.example.fi, ,b.example.fi")
    assert envlist("X_LIST") == ["a.example.fi", "b.example.fi"]


def test_it_prefers_the_secret_file_over_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "s"
    path.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET", "from-env")
    assert secret("X_SECRET") == "from-env"
    monkeypatch.setenv("X_SECRET_FILE", str(path))
    assert secret("X_SECRET") == "from-file"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(EnvError, match="X_SECRET_FILE"):
        secret("X_SECRET")
