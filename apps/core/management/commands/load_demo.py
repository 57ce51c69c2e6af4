from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core import demo


class Command(BaseCommand):
    help = "Load the fictional Sisä-Suomi demo network and one demo user per role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run in production mode (DJANGO_DEBUG is off): the demo "
                "users have passwords published in the README. Use it only in development."
            )
        result = demo.demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {result.lines} lines, {result.actors} stations, "
                f"{result.stops} stops, {result.competences} competences, "
                f"{len(demo.DEMO_USERS)} users (password: {demo.DEMO_PASSWORD})."
            )
        )
