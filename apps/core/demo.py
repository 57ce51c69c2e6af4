"""The fictional demo: Sisä-Suomi's network and one user per role (see README, "Demo users")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from apps.accounts import services as account_services
from apps.accounts.models import Role
from apps.consultations import demo as consultation_demo
from apps.network import services as network_services
from apps.network.demo_extras import demo_extras_load
from apps.organisations.models import Centre
from apps.trust import demo as trust_demo

DEMO_DIR = Path(__file__).resolve().parent.parent / "network" / "demo"
DEMO_CENTRE = "sisa-suomi"
# Published in the README on purpose: the demo refuses to load in production mode.
DEMO_PASSWORD = "ot-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    role: Role
    email: str
    full_name: str


DEMO_USERS = [
    DemoUser(Role.REQUESTER, "demo-requester@example.fi", "Tuuli Pyykönen"),
    DemoUser(Role.EXPERT, "demo-expert@example.fi", "Leena Haavisto-Ojala"),
    DemoUser(Role.COORDINATOR, "demo-coordinator@example.fi", "Kaarina Vuolle"),
    DemoUser(Role.LEADERSHIP, "demo-leadership@example.fi", "Jouni Hietarinta"),
    DemoUser(Role.NATIONAL_VIEWER, "demo-national@example.fi", "Maija Lindroos"),
    DemoUser(Role.ADMINISTRATOR, "demo-admin@example.fi", "Pekka Saario"),
    DemoUser(Role.DATA_PROTECTION_OFFICER, "demo-dpo@example.fi", "Sari Kettunen"),
]


def demo_load() -> network_services.ImportResult:
    centre = Centre.objects.select_related("area").get(slug=DEMO_CENTRE)
    network = json.loads((DEMO_DIR / "demo-sisa-suomi.json").read_text(encoding="utf-8"))
    details = json.loads((DEMO_DIR / "demo-details.json").read_text(encoding="utf-8"))
    result = network_services.network_import(centre=centre, network=network, details=details)
    demo_extras_load(centre)
    for demo in DEMO_USERS:
        is_admin = demo.role == Role.ADMINISTRATOR
        user = account_services.user_ensure(
            email=demo.email,
            full_name=demo.full_name,
            password=DEMO_PASSWORD,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        account_services.role_assignment_grant(user=user, role=demo.role, centre=centre)
    consultation_demo.demo_load(centre, DEMO_PASSWORD)
    trust_demo.demo_two_factor_load()
    return result
