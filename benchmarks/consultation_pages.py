"""Benchmark of the consultation journey's pages with the demo data (issue 5 target: < 300 ms).

Builds a throw-away SQLite database, migrates it, loads the demo (five demo consultations in
various states, plus `--extra` generated cases so lists are not trivially short), then times
each page of the journey with Django's test client, as the role that uses it: server time
from request to response, without network or browser. Not a test: figures go to docs/.

    python benchmarks/consultation_pages.py                         # print the table
    python benchmarks/consultation_pages.py --write docs/consultation-benchmarks.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TARGET_MS = 300.0


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otverkosto.settings")
    os.environ["DJANGO_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def add_cases(extra: int) -> None:
    """More submitted cases for the demo requester, so that lists and the queue are longer."""
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.consultations.models import Consultation
    from apps.organisations.models import Centre, WellbeingRegion

    centre = Centre.objects.get(slug="sisa-suomi")
    requester = User.objects.get(email="demo-requester@example.fi")
    region = WellbeingRegion.objects.get(slug="pirkanmaa")
    Consultation.objects.bulk_create(
        Consultation(
            centre=centre,
            reference=f"SIS-BENCH-{n:04d}",
            requester=requester,
            filed_by=requester,
            question="Kysymys",
            situation="Pseudonyymi kuvaus.",
            age_band="7-12",
            urgency=("acute", "two_weeks", "normal")[n % 3],
            region=region,
            privacy_basis="not_identifying",
            submitted_at=timezone.now() - dt.timedelta(hours=n),
        )
        for n in range(extra)
    )


def pages() -> list[tuple[str, str, str]]:
    from django.urls import reverse

    from apps.consultations.models import Consultation, Invitation, Meeting

    def case(ref: str) -> int:
        return Consultation.objects.get(reference=ref).pk

    memo = Meeting.objects.filter(consultation__reference="SIS-DEMO-004").first()
    invitation = Invitation.objects.filter(consultation__reference="SIS-DEMO-003").first()

    def r(name: str, **kwargs: object) -> str:
        return reverse(f"consultations:{name}", kwargs=kwargs or None)

    slug = "sisa-suomi"
    return [
        ("requester", "list", r("list")),
        ("requester", "request form", r("request_new")),
        ("requester", "case (own)", r("detail", pk=case("SIS-DEMO-004"))),
        (
            "coordinator",
            "triage queue",
            r("queue", centre_slug=slug),
        ),
        ("coordinator", "case", r("detail", pk=case("SIS-DEMO-002"))),
        (
            "coordinator",
            "OT-mittari",
            r("assess", pk=case("SIS-DEMO-002")),
        ),
        ("coordinator", "decision", r("decide", pk=case("SIS-DEMO-002"))),
        (
            "coordinator",
            "team suggestions",
            r("team", pk=case("SIS-DEMO-003")),
        ),
        (
            "coordinator",
            "schedule",
            r("schedule", pk=case("SIS-DEMO-003")),
        ),
        ("expert", "invitation", r("invitation", pk=invitation.pk)),
        ("requester", "memo", r("memo", pk=memo.pk)),
        ("requester", "memo PDF", r("memo_pdf", pk=memo.pk)),
        ("coordinator", "calendar .ics", r("meeting_ics", pk=memo.pk)),
        (
            "requester",
            "follow-up",
            r("follow_up", pk=case("SIS-DEMO-004")),
        ),
        (
            "coordinator",
            "case (closed)",
            r("detail", pk=case("SIS-DEMO-005")),
        ),
        (
            "leadership",
            "feedback by line",
            r("feedback_report", centre_slug=slug),
        ),
    ]


def measure(repeat: int) -> list[tuple[str, str, float, float, int]]:
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import User

    emails = {
        "requester": "demo-requester@example.fi",
        "coordinator": "demo-coordinator@example.fi",
        "leadership": "demo-leadership@example.fi",
        "expert": "demo-expert@example.fi",
    }
    clients = {}
    for role, email in emails.items():
        client = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        clients[role] = client
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    rows = []
    for role, name, url in pages():
        client = clients[role]
        response = client.get(url)  # warm-up (template and translation caches)
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code}")
        executed.clear()
        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((f"{name} ({role})", url, statistics.median(times), p95, len(executed)))
    return rows


def table(rows: list[tuple[str, str, float, float, int]], repeat: int, extra: int) -> str:
    cpu = platform.processor() or platform.machine()
    machine = f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    lines = [
        "# Consultation pages benchmark",
        "",
        f"Measured {today} on {machine}, SQLite, with the demo data and {extra} extra cases; "
        "`python benchmarks/consultation_pages.py --write docs/consultation-benchmarks.md`. "
        f"Server time per page through Django's test client (middleware, permission checks, audit "
        f"writes, templates), median and 95th percentile of {repeat} requests after one warm-up. "
        f"Target: under {TARGET_MS:.0f} ms each. Other processes may share the cores: a noisy "
        "machine only makes the figures larger.",
        "",
        "| page | median ms | p95 ms | queries | target |",
        "|---|---|---|---|---|",
    ]
    for name, _url, median, p95, queries in rows:
        ok = "met" if p95 < TARGET_MS else "MISSED"
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {ok} |")
    lines += [
        "",
        "The query counts do not grow with the number of cases: "
        "`tests/test_consultation_query_counts.py` asserts it.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--extra", type=int, default=200)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        add_cases(args.extra)
        rows = measure(args.repeat)
    text = table(rows, args.repeat, args.extra)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
