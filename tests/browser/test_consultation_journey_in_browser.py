"""The consultation journey in Chromium with the demo users, with axe-core on the main pages.

Split in three: filing a request (the identity-code guard fires and the text is kept, drafts
are saved as one types); the centre's work from triage to feedback; accessibility of the pages
of the demo cases in each state."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts.models import User
from apps.consultations import services
from apps.consultations.models import Consultation, Feedback, Meeting, RequestDraft
from apps.consultations.states import State
from tests.browser.test_shell_in_browser import assert_no_serious_violations, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SITUATION = "Nuori on ollut poissa koulusta puoli vuotta; vanhemmat ovat eronneet."


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url("**/fi/")


def test_a_requester_files_a_request_and_the_guard_keeps_the_text(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-requester@example.fi")
    page.goto("/fi/consultations/new/?line=" + str(_line_pk("L5")))
    assert page.locator(f"input[name=lines][value='{_line_pk('L5')}']").is_checked()
    page.wait_for_function("window.htmx !== undefined")
    page.locator("[name=question]").fill("Miten tukea nuorta, jonka koulunkäynti on katkennut?")
    with page.expect_response(_draft_saved_with("131052")):  # saved as the user types
        page.locator("[name=situation]").fill(SITUATION + " Tunnus 131052-308T.")
    page.locator("#draft-status span").wait_for()
    draft = RequestDraft.objects.get(user__email="demo-requester@example.fi")
    assert "[***]" in draft.data["situation"]  # the identity code is never stored
    # The draft survives a closed tab: another page finds it and reopens it.
    other = page.context.new_page()
    other.goto("/fi/consultations/")
    other.locator(f"a[href$='?draft={draft.pk}']").click()
    assert other.locator("[name=question]").input_value().startswith("Miten tukea nuorta")
    other.close()
    page.locator("[name=age_band]").select_option("13-15")
    page.locator("input[name=urgency][value=two_weeks]").check()
    page.locator("input[name=privacy_basis][value=not_identifying]").check()
    assert_no_serious_violations(page)
    page.locator("form.request-form button[type=submit]").click()
    error = page.locator("#id_situation_errors")
    error.wait_for()
    assert "131052-308T" not in error.inner_text()
    assert page.locator("[name=situation]").input_value() == SITUATION + " Tunnus 131052-308T."
    assert page.locator("[name=question]").input_value().startswith("Miten tukea")
    assert (
        page.locator("[name=situation]")
        .get_attribute("aria-describedby")
        .startswith("id_situation_errors")
    )
    assert_no_serious_violations(page)
    page.locator("[name=situation]").fill(SITUATION)
    page.locator("form.request-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/fi/consultations/\d+/$"))
    case = Consultation.objects.exclude(reference__startswith="SIS-DEMO-").get()
    assert case.state == State.SUBMITTED and case.situation == SITUATION
    assert not RequestDraft.objects.filter(pk=draft.pk).exists()
    assert mail.outbox[-1].to == ["demo-coordinator@example.fi"]
    assert_no_serious_violations(page)


def _draft_saved_with(text: str):  # type: ignore[no-untyped-def]
    return lambda r: "/drafts/save/" in r.url and text in (r.request.post_data or "")


def _line_pk(key: str) -> int:
    from apps.network.models import Line

    return Line.objects.get(centre__slug="sisa-suomi", key=key).pk


def test_the_centre_works_the_case_from_triage_to_feedback(page) -> None:  # type: ignore[no-untyped-def]
    case = Consultation.objects.get(reference="SIS-DEMO-001")
    url = f"/fi/consultations/{case.pk}/"

    # The coordinator takes the request, assesses it with OT-mittari and picks the form.
    sign_in(page, "demo-coordinator@example.fi")
    page.goto("/fi/consultations/queue/sisa-suomi/")
    assert page.locator("tr[data-case='SIS-DEMO-001']").is_visible()
    assert_no_serious_violations(page)
    page.goto(url)
    page.locator("form[action$='/assign/'] button").click()
    page.wait_for_url(f"**{url}")
    page.goto(url + "assess/")
    assert page.locator(".provisional").is_visible()
    for radio in page.locator("input[type=radio][value='3']").all():
        radio.check()
    assert_no_serious_violations(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    assert page.locator("[data-level='ot-taso']").is_visible()
    page.goto(url + "decide/")
    page.locator("input[name=outcome][value=help]").check()
    page.locator("[name=form_of_help]").select_option("consultation")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url}team/")

    # Team from the ranked suggestions: two experts invited.
    assert_no_serious_violations(page)
    for name in (
        "Kunniaan liittyvän väkivallan asiantuntija",
        "Lasten ja nuorten oikeuspsykiatria",
    ):
        card = page.locator(f"li.suggestion[data-actor='{name}']")
        assert card.locator("ul li").count() >= 2  # reasons shown
        card.locator("textarea").fill("Tarvitsemme näkemystäsi.")
        card.locator("button[type=submit]").click()
        page.wait_for_url(f"**{url}team/")
    sign_out(page)

    # One expert accepts, the other declines with a reason.
    case.refresh_from_db()
    first = case.invitations.get(actor__key="s6")
    second = case.invitations.get(actor__key="s7")
    sign_in(page, "demo-expert@example.fi")
    page.goto(f"/fi/consultations/invitations/{first.pk}/")
    assert SITUATION[:10] not in page.content()
    page.locator("input[name=answer][value=accept]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    sign_out(page)
    sign_in(page, "demo-expert2@example.fi")
    page.goto(f"/fi/consultations/invitations/{second.pk}/")
    page.locator("input[name=answer][value=decline]").check()
    page.locator("[name=reason]").fill("Lomalla koko kuun.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/fi/consultations/")
    sign_out(page)

    # The coordinator sees the answers and schedules with a chair and a scribe.
    sign_in(page, "demo-coordinator@example.fi")
    page.goto(url + "team/")
    assert (
        "Lomalla koko kuun."
        in page.locator("tr[data-invitation='Lasten ja nuorten oikeuspsykiatria']").inner_text()
    )
    page.goto(url + "schedule/")
    page.locator("[name=starts_at]").fill("2026-12-01T10:00")
    page.locator("[name=online_link]").fill("https://meet.example.fi/ot")
    coordinator = User.objects.get(email="demo-coordinator@example.fi")
    expert = User.objects.get(email="demo-expert@example.fi")
    page.locator("[name=chair]").select_option(str(coordinator.pk))
    page.locator("[name=scribe]").select_option(str(expert.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    meeting = Meeting.objects.get(consultation=case)
    sign_out(page)

    # The scribe writes the record with next steps; the chair approves.
    sign_in(page, "demo-expert@example.fi")
    page.goto(f"/fi/consultations/meetings/{meeting.pk}/record/")
    page.locator("input[name=family_took_part][value=no]").check()
    page.locator("[name=recommendations]").fill(
        "Yhteinen suunnitelma koulun ja psykiatrian kesken."
    )
    page.locator("[name=perspectives-0-perspective]").fill("Koulunkäynnin tuki")
    page.locator("[name=perspectives-0-reason]").fill("Poissaolot ovat pitkittyneet.")
    page.locator("[name=steps-0-what]").fill("Yhteinen palaveri")
    page.locator("[name=steps-0-who]").fill("Koulukuraattori")
    page.locator("[name=steps-0-due]").fill(
        (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    )
    assert_no_serious_violations(page)
    page.locator("button[name=submit][value='1']").click()
    page.wait_for_url(f"**{url}")
    sign_out(page)
    sign_in(page, "demo-coordinator@example.fi")
    page.goto(f"/fi/consultations/meetings/{meeting.pk}/memo/")
    page.locator("form[action$='/approve/'] button").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/memo/")
    sign_out(page)

    # The requester reads the memo and the PDF.
    sign_in(page, "demo-requester@example.fi")
    page.goto(f"/fi/consultations/meetings/{meeting.pk}/memo/")
    assert "Yhteinen suunnitelma koulun" in page.content()
    assert page.locator(".confidential").is_visible() and page.locator(".duty").is_visible()
    assert_no_serious_violations(page)
    pdf = page.request.get(f"/fi/consultations/meetings/{meeting.pk}/memo.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # A reminder for the due step.
    mail.outbox.clear()
    assert services.reminders_send_due()["steps"] >= 1
    assert meeting.next_steps.get().reminded_at is not None
    assert "demo-requester@example.fi" in {m.to[0] for m in mail.outbox}
    page.goto(url + "follow-up/")
    assert_no_serious_violations(page)
    sign_out(page)

    # The case returns once, a second consultation is held, then it closes with findings.
    sign_in(page, "demo-coordinator@example.fi")
    page.goto(url + "follow-up/")
    page.locator("form[action$='/return/'] [name=reason]").fill("Tilanne muuttui.")
    page.locator("form[action$='/return/'] button").click()
    page.wait_for_url(f"**{url}team/")
    second_meeting = services.schedule(
        case,
        data={
            "starts_at": timezone.now(),
            "duration_minutes": 30,
            "place": "Neuvotteluhuone",
            "online_link": "",
            "language": "fi",
            "chair": coordinator,
            "scribe": expert,
        },
        by=coordinator,
    )
    services.record_save(
        second_meeting,
        family_took_part=True,
        recommendations="Jatketaan.",
        participants=[],
        perspectives=[],
        next_steps=[],
        submit=True,
        by=expert,
    )
    services.record_approve(second_meeting, by=coordinator)
    page.goto(url + "follow-up/")
    page.locator("form[action$='/close/'] [name=what_worked]").fill("Nopea yhteinen palaveri.")
    page.locator("form[action$='/close/'] input[name=gap_categories][value=waiting]").check()
    page.locator("form[action$='/close/'] button").click()
    page.wait_for_url(f"**{url}")
    assert page.locator("[data-state='closed']").is_visible()
    sign_out(page)

    # The requester gives feedback.
    sign_in(page, "demo-requester@example.fi")
    page.goto(url + "feedback/")
    for group in page.locator("fieldset.choice-group").all():
        group.locator("input[value='4']").check()
    page.locator("[name=free_text]").fill("Selkeät seuraavat askeleet.")
    assert_no_serious_violations(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    assert Feedback.objects.filter(consultation=case).count() == 1


@pytest.mark.parametrize(
    "reference", ["SIS-DEMO-002", "SIS-DEMO-003", "SIS-DEMO-004", "SIS-DEMO-005"]
)
def test_case_pages_have_no_serious_accessibility_violations(page, reference: str) -> None:  # type: ignore[no-untyped-def]
    case = Consultation.objects.get(reference=reference)
    sign_in(page, "demo-coordinator@example.fi")
    for path in ("", "team/", "follow-up/"):
        page.goto(f"/fi/consultations/{case.pk}/{path}")
        assert_no_serious_violations(page)
    page.goto("/fi/consultations/")
    assert_no_serious_violations(page)


def test_the_remaining_pages_have_no_serious_accessibility_violations(page) -> None:  # type: ignore[no-untyped-def]
    triage = Consultation.objects.get(reference="SIS-DEMO-002")
    team = Consultation.objects.get(reference="SIS-DEMO-003")
    sign_in(page, "demo-coordinator@example.fi")
    for path in (
        f"/fi/consultations/{triage.pk}/decide/",
        f"/fi/consultations/{triage.pk}/assess/",
        f"/fi/consultations/{team.pk}/schedule/",
        "/fi/consultations/feedback/sisa-suomi/",
        "/sv/consultations/queue/sisa-suomi/",
    ):
        page.goto(path)
        assert_no_serious_violations(page)
    page.goto(f"/fi/consultations/{triage.pk}/decide/")
    page.locator("input[name=outcome][value=redirect]").check()
    page.locator("main form button[type=submit]").click()  # no target or reason: errors shown
    page.locator("#id_redirect_reason_errors").wait_for()
    assert_no_serious_violations(page)
    sign_out(page)
    sign_in(page, "demo-expert@example.fi")
    invitation = team.invitations.get()
    page.goto(f"/fi/consultations/invitations/{invitation.pk}/")
    assert_no_serious_violations(page)
    sign_out(page)
    sign_in(page, "demo-leadership@example.fi")
    for path in ("/fi/consultations/instruments/", "/fi/consultations/instruments/new/"):
        page.goto(path)
        assert_no_serious_violations(page)
