"""Every UI string is translated into Finnish, Swedish and English; nothing is fuzzy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["fi", "sv", "en"]


def parse_po(path: Path) -> list[dict[str, object]]:
    """A small .po reader: entries with their flags, msgid and msgstr (or plural forms)."""
    entries: list[dict[str, object]] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict[str, object] = {"flags": set(), "strings": {}}
        key = None
        strings: dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            else:
                match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
                if match:
                    key = match.group(1)
                    strings[key] = ast.literal_eval(match.group(2))
                elif line.startswith('"') and key:
                    strings[key] += ast.literal_eval(line)
        entry["strings"] = strings
        entries.append(entry)
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_has_no_untranslated_or_fuzzy_entries(language: str) -> None:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    entries = parse_po(path)
    header, messages = entries[0], entries[1:]
    assert header["strings"]["msgid"] == ""  # type: ignore[index]
    assert "fuzzy" not in header["flags"]  # type: ignore[operator]
    assert len(messages) > 100
    problems = []
    for entry in messages:
        strings: dict[str, str] = entry["strings"]  # type: ignore[assignment]
        if "fuzzy" in entry["flags"]:  # type: ignore[operator]
            problems.append(f"fuzzy: {strings['msgid']!r}")
        translations = [value for key, value in strings.items() if key.startswith("msgstr")]
        if not translations or any(not value.strip() for value in translations):
            problems.append(f"untranslated: {strings['msgid']!r}")
        for placeholder in re.findall(r"%\(\w+\)s", strings["msgid"]):
            if any(placeholder not in value for value in translations):
                problems.append(f"lost {placeholder}: {strings['msgid']!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_ships_a_compiled_catalogue(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    mo = folder / "django.mo"
    assert mo.exists(), f"run `make messages` to compile {language}"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_it_has_the_same_messages_in_every_catalogue(language: str) -> None:
    def ids(lang: str) -> set[str]:
        return {
            e["strings"]["msgid"]  # type: ignore[index]
            for e in parse_po(LOCALE / lang / "LC_MESSAGES" / "django.po")[1:]
        }

    assert ids(language) == ids("en")


def test_it_uses_the_compiled_catalogue_at_run_time() -> None:
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("Skip to main content") == "Hoppa till huvudinnehållet"
    with translation.override("fi"):
        assert translation.gettext("Skip to main content") == "Siirry pääsisältöön"
