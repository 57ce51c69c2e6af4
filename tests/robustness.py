"""Arbitrary text into every form: never a server error, and what was typed comes back.

Add a form by appending a FormCase to FORM_CASES (tests/test_forms_robustness.py runs them):
the URL it is posted (or, for search forms, sent with GET) to, who is signed in, the fields that
take free text (their raw value must be in the page that comes back when the form is shown
again) and fixed values for the other fields. A case that saves valid input may give
`accepted` answers (e.g. 302): then nothing needs to be echoed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from hypothesis import strategies as st

# Text as people and attackers type it: any Unicode except surrogates, NUL and the characters
# HTML cannot carry (Django's forms refuse NUL with a message; see test_forms_robustness).
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t<>&\"'"),
    max_size=300,
)


@dataclass(frozen=True)
class FormCase:
    name: str
    url: str
    text_fields: tuple[str, ...]
    user: Callable[[], Any] | None = None  # returns the user to sign in, or None
    method: str = "post"
    fixed: dict[str, str] = field(default_factory=dict)
    accepted: tuple[int, ...] = ()
    # Fixed values that need the database (ids), computed once the user exists.
    fixed_from_db: Callable[[], dict[str, str]] | None = None
    # Fields that take an uploaded file: the arbitrary text is sent as the file's content (the
    # form must answer with a message, never an error; a file is not shown again).
    file_fields: tuple[str, ...] = ()


def admin_of_sisa_suomi() -> Any:
    from tests.factories import user_with_roles

    return user_with_roles(("administrator", "sisa-suomi"))


def requester_of_sisa_suomi() -> Any:
    from tests.factories import user_with_roles

    return user_with_roles(("requester", "sisa-suomi"))


def leadership_of_sisa_suomi() -> Any:
    from tests.factories import user_with_roles

    return user_with_roles(("leadership", "sisa-suomi"))


def a_region_of_sisa_suomi() -> dict[str, str]:
    from tests.factories import centre

    return {"region": str(centre("sisa-suomi").area.members.order_by("slug").first().pk)}


# A valid Finnish personal identity code (fictional; check character correct): the request
# form's privacy guard refuses it, and everything else typed must come back with the message.
IDENTITY_CODE = "131052-308T"

FORM_CASES: list[FormCase] = [
    FormCase(
        "audit log search",
        "/en/audit/log/",
        ("who", "object_type", "object_id", "date_from", "date_to"),
        user=admin_of_sisa_suomi,
        method="get",
    ),
    FormCase(
        "station search",
        "/en/network/sisa-suomi/",
        ("q",),
        user=requester_of_sisa_suomi,
        method="get",
    ),
    FormCase(
        "break-glass reason",
        "/en/trust/break-glass/sisa-suomi/",
        ("reason",),
        user=admin_of_sisa_suomi,
        accepted=(302,),
    ),
    FormCase("sign-in", "/en/accounts/login/", ("login",), fixed={"password": "x"}),
    # --- consultations (issue 5) ---
    FormCase(
        "consultation request with an identity code",
        "/en/consultations/new/",
        ("question", "situation", "services_involved"),
        user=requester_of_sisa_suomi,
        fixed={
            "tried": f"Keskusteltu, {IDENTITY_CODE}",
            "age_band": "7-12",
            "urgency": "normal",
            "help_wished": "consultation",
            "language": "fi",
            "privacy_basis": "not_identifying",
        },
        fixed_from_db=a_region_of_sisa_suomi,
    ),
    # --- network (issue 4) ---
    FormCase(
        "network actor",
        "/en/network/sisa-suomi/edit/actors/new/",
        ("name", "title", "description", "keywords", "contact_name"),
        user=leadership_of_sisa_suomi,
        fixed={"key": "robust-actor", "kind": "unit", "availability": "available"},
        accepted=(302,),
    ),
    FormCase(
        "network spreadsheet upload",
        "/en/network/sisa-suomi/edit/import/",
        ("file",),
        user=leadership_of_sisa_suomi,
        file_fields=("file",),
    ),
    FormCase(
        "network directory search",
        "/en/network/sisa-suomi/directory/",
        ("q",),
        user=requester_of_sisa_suomi,
        method="get",
    ),
]


def echoed(html: str, value: str) -> bool:
    """The raw value is in the page, escaped as Django escapes form values."""
    if value.strip() == "":
        return True
    normalised = value.replace("\r\n", "\n").replace("\r", "\n")
    return escape(value) in html or escape(normalised) in html or escape(value.strip()) in html
