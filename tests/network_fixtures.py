"""Shared set-up of the network tests: the demo network and signed-in clients."""

from __future__ import annotations

from django.core.management import call_command


def load_demo(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
