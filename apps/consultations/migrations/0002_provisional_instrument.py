"""Ship the provisional OT-mittari version (apps/consultations/instrument_data/ot-mittari-0.1.json).

Provisional: the national instrument's items, scales and thresholds are not public and are still
being refined. Leadership replaces it by importing or editing a new version (docs/ot-mittari.md).
"""

import json
from pathlib import Path

from django.db import migrations

DEFINITION = Path(__file__).resolve().parent.parent / "instrument_data" / "ot-mittari-0.1.json"


def add_default(apps, schema_editor):
    Instrument = apps.get_model("consultations", "Instrument")
    definition = json.loads(DEFINITION.read_text(encoding="utf-8"))
    Instrument.objects.get_or_create(
        key=definition["key"],
        version=definition["version"],
        defaults={
            "status": "active",
            "provisional": True,
            "source_note": definition["source_note"],
            "definition": definition,
        },
    )


def remove_default(apps, schema_editor):
    Instrument = apps.get_model("consultations", "Instrument")
    Instrument.objects.filter(key="ot-mittari", version="0.1-provisional", assessments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]
    operations = [migrations.RunPython(add_default, remove_default)]
