"""Writes to the reference data."""

from __future__ import annotations

import importlib

from django.apps import apps


def reference_data_ensure() -> None:
    """(Re)create the areas, centres and members exactly as the data migration does.

    Idempotent. Used where tables were emptied after migrating, e.g. by transactional tests.
    """
    migration = importlib.import_module("apps.organisations.migrations.0002_reference_data")
    migration.load(apps, None)
