"""The consultation memo: its content in the consultation's language, on screen and as PDF.

The PDF uses reportlab with the Bitstream Vera font shipped inside reportlab (covers å ä ö),
so nothing is needed from the system or the internet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from apps.consultations.models import Meeting

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"


@dataclass
class MemoSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Memo:
    language: str
    title: str
    confidential: str
    facts: list[tuple[str, str]]
    sections: list[MemoSection]
    duty_reminder: str


def memo_content(meeting: Meeting) -> Memo:
    case = meeting.consultation
    with translation.override(meeting.language):
        starts = timezone.localtime(meeting.starts_at)
        facts = [
            (_("Case"), case.reference),
            (_("Consultation"), f"#{meeting.number}"),
            (_("Time"), formats.date_format(starts, "SHORT_DATETIME_FORMAT")),
            (_("Place or link"), meeting.place or meeting.online_link),
            (_("Chair"), meeting.chair.get_full_name()),
            (_("Scribe"), meeting.scribe.get_full_name()),
            (
                _("The child or family took part"),
                {True: _("yes"), False: _("no"), None: "—"}[meeting.family_took_part],
            ),
            (_("Status"), meeting.get_record_status_display()),
        ]
        participants = MemoSection(
            _("Participants and their roles"),
            [
                _("%(name)s — %(role)s, %(minutes)s min")
                % {
                    "name": p.user.get_full_name(),
                    "role": p.role,
                    "minutes": p.minutes_spent or "—",
                }
                for p in meeting.participants.all()
            ],
        )
        question = MemoSection(_("The question"), [case.question])
        perspectives = MemoSection(
            _("Perspectives raised and their reasons"),
            [
                _("%(perspective)s — reason: %(reason)s")
                % {"perspective": p.perspective, "reason": p.reason}
                for p in meeting.perspectives.all()
            ],
        )
        recommendations = MemoSection(_("Recommendations"), [meeting.recommendations])
        steps = MemoSection(
            _("Next steps: what, who, by when"),
            [
                f"{s.what} — {s.who} — {formats.date_format(s.due, 'SHORT_DATE_FORMAT')}"
                for s in meeting.next_steps.all()
            ],
        )
        return Memo(
            language=meeting.language,
            title=_("Consultation memo"),
            confidential=_("CONFIDENTIAL (Act on the Openness of Government Activities 24.1 § 25)"),
            facts=facts,
            sections=[participants, question, perspectives, recommendations, steps],
            duty_reminder=_(
                "The duty to notify child welfare (Child Welfare Act 25 §) stays with the "
                "professionals who work with the child or family. This consultation does not "
                "make a child-welfare notification."
            ),
        )


def _register_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "OTVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("OTVera", str(FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("OTVeraBd", str(FONT_DIR / "VeraBd.ttf")))
    return "OTVera", "OTVeraBd"


def memo_pdf(meeting: Meeting) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _register_fonts()
    memo = memo_content(meeting)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=12, leading=16, spaceBefore=10)
    title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20)
    warning = ParagraphStyle(
        "warning", fontName=bold, fontSize=10, leading=14, textColor=colors.HexColor("#a4161a")
    )

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    story = [para(memo.confidential, warning), Spacer(1, 6), para(memo.title, title), Spacer(1, 8)]
    table = Table([[para(k), para(v)] for k, v in memo.facts], colWidths=[5 * cm, 11 * cm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    story.append(table)
    for section in memo.sections:
        story.append(para(section.title, heading))
        for paragraph in section.paragraphs or ["—"]:
            story.append(para(paragraph))
    story += [Spacer(1, 12), para(memo.duty_reminder, warning)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{memo.title} {meeting.consultation.reference}",
        author="OT-verkosto",
        subject=memo.confidential,
        lang=memo.language,
    )

    def footer(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(
            2 * cm,
            1.2 * cm,
            f"{memo.confidential} · {meeting.consultation.reference} · {document.page}",
        )
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
