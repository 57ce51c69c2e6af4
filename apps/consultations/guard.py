"""The privacy guard for free text: consultations are pseudonymous.

A valid Finnish personal identity code (henkilötunnus) is refused outright. Phone numbers,
e-mail addresses and street addresses give warnings that the user must confirm. Nothing here
changes the text: the caller decides what to do with the findings.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Century sign -> century. The letters B–F and U–Y have been in use since 1 January 2023.
CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
# Dashes that copy-paste turns a hyphen into.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_HETU_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})\s?([+\-A-FU-Y"
    + _DASHES
    + r"])\s?(\d{3})([0-9A-Za-z])(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Finnish mobile and landline numbers, national (040 123 4567, 09-123 4567) or international.
_PHONE = re.compile(r"(?<![\d])(?:\+358|00358|0)[\s-]?\d{1,3}(?:[\s-]?\d){5,8}(?![\d])")
# A capitalised street name ending in a Finnish or Swedish street word, then a house number.
_STREET = re.compile(
    r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:katu|tie|kuja|polku|väylä|raitti|ranta|rinne|kaari|aukio|"
    r"puistikko|gatan|gata|vägen|väg|gränd|stigen|stig)\s+\d{1,4}\s?[A-Za-z]?\b"
)


class FindingKind(StrEnum):
    IDENTITY_CODE = "identity_code"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    start: int  # 0-based offset of the first character
    end: int

    @property
    def blocks(self) -> bool:
        return self.kind is FindingKind.IDENTITY_CODE


def check_character(digits: str) -> str:
    """The check character of DDMMYY + NNN (nine digits)."""
    return CHECK_CHARACTERS[int(digits) % 31]


def is_valid_identity_code(code: str) -> bool:
    """True for a henkilötunnus with a real date, a known century sign and the right check."""
    match = _HETU_CANDIDATE.fullmatch(code.strip())
    return match is not None and _valid_parts(*match.groups())


def _valid_parts(date_part: str, sign: str, individual: str, check: str) -> bool:
    sign = "-" if sign in _DASHES else sign.upper()
    century = CENTURY_SIGNS.get(sign)
    if century is None:
        return False
    day, month, year = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
    try:
        datetime.date(century + year, month, day)
    except ValueError:
        return False
    # 002–899 are ordinary, 900–999 temporary codes: both identify a person. 000/001 are unused.
    if int(individual) < 2:
        return False
    return check_character(date_part + individual) == check.upper()


def find_identity_codes(text: str) -> list[Finding]:
    return [
        Finding(FindingKind.IDENTITY_CODE, m.start(), m.end())
        for m in _HETU_CANDIDATE.finditer(text)
        if _valid_parts(*m.groups())
    ]


def scan(text: str) -> list[Finding]:
    """Every finding in `text`, in order of position."""
    if not text:
        return []
    findings = find_identity_codes(text)
    blocked = [(f.start, f.end) for f in findings]

    def overlaps(start: int, end: int) -> bool:
        return any(start < b_end and b_start < end for b_start, b_end in blocked)

    for kind, pattern in (
        (FindingKind.EMAIL, _EMAIL),
        (FindingKind.PHONE, _PHONE),
        (FindingKind.ADDRESS, _STREET),
    ):
        for m in pattern.finditer(text):
            if not overlaps(m.start(), m.end()):
                findings.append(Finding(kind, m.start(), m.end()))
                blocked.append((m.start(), m.end()))
    return sorted(findings, key=lambda f: f.start)


def place_in_text(text: str, finding: Finding) -> tuple[int, int, str]:
    """Line and column (1-based) of a finding and a few words before it, to point at it."""
    before = text[: finding.start]
    line = before.count("\n") + 1
    column = finding.start - (before.rfind("\n") + 1) + 1
    context = before[-30:].split("\n")[-1].strip()
    return line, column, context


def mask(text: str, findings: list[Finding], replacement: str) -> str:
    """`text` with the given findings replaced (used before a draft is stored)."""
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + replacement + text[finding.end :]
    return text
