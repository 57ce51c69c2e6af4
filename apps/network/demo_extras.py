"""Demo additions to the network: languages, availability and guidelines (all invented)."""

from __future__ import annotations

import datetime as dt

from apps.network.models import Actor, Guideline, GuidelineVersion, Line
from apps.organisations.models import Centre

DEMO_LANGUAGES = {
    "s6": ["fi", "en", "ar", "so"],
    "s5": ["fi", "sv", "en"],
    "s32": ["fi", "en", "fa", "ar"],
    "s33": ["fi", "sv", "en", "ar", "so", "ru", "uk"],
    "s10": ["fi", "sv"],
    "s14": ["fi", "sv", "en"],
    "s7": ["fi", "en"],
}
DEMO_AVAILABILITY = {
    "s7": (Actor.Availability.LIMITED, None),
    "s9": (Actor.Availability.UNAVAILABLE, dt.date(2027, 1, 31)),
    "s20": (Actor.Availability.LIMITED, None),
}
# Persons who agreed to be shown on a published map.
DEMO_CONSENT = {"s6", "s11"}

EXPERT_GUIDELINE = """Kun epäilet kunniaan liittyvää väkivaltaa:

1. **Turvallisuus ensin.** Arvioi välitön vaara. Älä ota yhteyttä perheeseen ennen kuin
   turvallisuus on arvioitu.
2. **Ota yhteyttä asiantuntijaan** samana päivänä: puhelin ensin, sitten sähköposti.
3. Käytä tarvittaessa **tulkkia, joka ei kuulu perheen yhteisöön**.
4. Kirjaa havainnot sanatarkasti.

Konsultaatio on maksuton ja luottamuksellinen. Konsultaatiossa käsitellään tilanne
ilman tunnistetietoja.
"""

LINE_GUIDELINE = """Tämä linja kokoaa kunniaan liittyvän väkivallan ja monikulttuuristen perheiden
vaativat tilanteet.

- Konsultaatiopyyntöön vastataan **kahden arkipäivän** kuluessa.
- Kiireellisissä tilanteissa ota yhteyttä sosiaalipäivystykseen.
"""


def demo_extras_load(centre: Centre) -> None:
    """Idempotent: running it again changes nothing."""
    for key, languages in DEMO_LANGUAGES.items():
        Actor.objects.filter(centre=centre, key=key).update(languages=languages)
    for key, (availability, until) in DEMO_AVAILABILITY.items():
        Actor.objects.filter(centre=centre, key=key).update(
            availability=availability, unavailable_until=until
        )
    Actor.objects.filter(centre=centre, key__in=DEMO_CONSENT).update(consent_to_publish=True)
    Line.objects.filter(centre=centre, key="L6").update(
        client_groups=["children", "school_age", "adolescents", "families"]
    )
    expert = Actor.objects.filter(centre=centre, key="s6").first()
    if expert is not None:
        _guideline(
            centre, "Konsultaatio-ohje: kunniaan liittyvä väkivalta", EXPERT_GUIDELINE, actor=expert
        )
    line = Line.objects.filter(centre=centre, key="L6").first()
    if line is not None:
        _guideline(centre, "Linjan toimintaohje", LINE_GUIDELINE, line=line)


def _guideline(
    centre: Centre, title: str, body: str, *, actor: Actor | None = None, line: Line | None = None
) -> None:
    guideline, _ = Guideline.objects.get_or_create(
        centre=centre, actor=actor, line=line, title=title
    )
    if not guideline.versions.exists():
        GuidelineVersion.objects.create(
            guideline=guideline, number=1, body=body, author_label="OT-keskuksen johtamistiimi"
        )
