"""Compute every centre's map layouts now (e.g. after a deploy or a bulk import), so that no
page view waits for the layout engine."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from apps.network import mapdata
from apps.organisations.models import Centre


class Command(BaseCommand):
    help = "Bring the cached metro-map layouts of every centre (or the given ones) up to date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("centres", nargs="*", help="centre identifiers, e.g. sisa-suomi")

    def handle(self, *args: Any, **options: Any) -> None:
        centres = Centre.objects.order_by("slug")
        if options["centres"]:
            centres = centres.filter(slug__in=options["centres"])
            missing = set(options["centres"]) - set(centres.values_list("slug", flat=True))
            if missing:
                self.stderr.write(f"unknown centres: {', '.join(sorted(missing))}")
        for centre in centres:
            started = time.perf_counter()
            mapdata.layout_refresh(centre)
            self.stdout.write(f"{centre.slug}: up to date ({time.perf_counter() - started:.1f} s)")
