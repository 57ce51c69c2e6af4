"""The whole journey through the views, as the roles do it: request, triage, OT-mittari,
decision, team, meeting with record and memo, reminders, return, closure and feedback.
E-mails go through the task queue (immediate in tests) and carry no case content."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from apps.consultations import services
from apps.consultations.models import Consultation, Feedback, Invitation, Meeting, NextStep
from apps.consultations.states import State
from apps.network.models import Line
from tests.consultation_helpers import people
from tests.consultation_urls import en
from tests.factories import LineFactory
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db
SECRET = "Nuori on ollut poissa koulusta puoli vuotta"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in_client(client, user)
    return client


def request_data(**extra: object) -> dict[str, object]:
    from apps.organisations.models import WellbeingRegion

    data: dict[str, object] = {
        "question": "Miten tukea nuorta?",
        "situation": SECRET,
        "age_band": "13-15",
        "services_involved": "Lastensuojelu",
        "tried": "Verkostopalaveri",
        "urgency": "acute",
        "help_wished": "consultation",
        "region": WellbeingRegion.objects.get(slug="pirkanmaa").pk,
        "language": "fi",
        "privacy_basis": "not_identifying",
    }
    data.update(extra)
    return data


def test_the_whole_journey(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    line = LineFactory()
    requester = client_for(p.requester)

    # 1. The request: the identity-code guard fires and keeps the text.
    with_code = request_data(situation=SECRET + " (131052-308T)", lines=[line.pk])
    refused = requester.post(en("consultations:request_new"), with_code)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "personal identity code" in body
    assert SECRET in body  # nothing typed is lost
    assert not Consultation.objects.exists()
    # A phone number gives a warning to confirm.
    warned = requester.post(
        en("consultations:request_new"), request_data(tried="Soitettu 040 000 1234")
    )
    assert warned.status_code == 400
    assert "phone number" in warned.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = requester.post(
            en("consultations:request_new"),
            request_data(
                lines=[line.pk], tried="Soitettu 040 000 1234", privacy_warnings_confirmed="on"
            ),
        )
    assert sent.status_code == 302
    case = Consultation.objects.get()
    assert case.state == State.SUBMITTED and list(case.lines.all()) == [line]
    assert [m.to for m in mail.outbox] == [[p.coordinator.email]]
    assert SECRET not in mail.outbox[0].body and case.reference in mail.outbox[0].body

    # 2. Triage: assign, assess, decide.
    coordinator = client_for(p.coordinator)
    assert (
        coordinator.post(
            en("consultations:assign", pk=case.pk), {"coordinator": p.coordinator.pk}
        ).status_code
        == 302
    )
    definition = services.active_instrument().definition
    items = {f"item_{i['key']}": "3" for d in definition["dimensions"] for i in d["items"]}
    assert coordinator.post(en("consultations:assess", pk=case.pk), items).status_code == 302
    assert case.assessments.get().agreed_level == "ot-taso"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = coordinator.post(
            en("consultations:decide", pk=case.pk),
            {"outcome": "help", "form_of_help": "consultation"},
        )
    assert decided.status_code == 302
    assert [m.to for m in mail.outbox] == [[p.requester.email]]

    # 3. Team from suggestions: one accepts, another declines and is replaced.
    team_page = coordinator.get(en("consultations:team", pk=case.pk)).content.decode()
    assert p.expert_actor.name in team_page and "Open consultations now" in team_page
    for actor in (p.expert_actor, p.second_actor):
        with django_capture_on_commit_callbacks(execute=True):
            coordinator.post(
                en("consultations:team", pk=case.pk), {"actor": actor.pk, "message": "Tervetuloa"}
            )
    assert case.invitations.count() == 2
    accepted = Invitation.objects.get(actor=p.expert_actor)
    declined = Invitation.objects.get(actor=p.second_actor)
    expert = client_for(p.expert)
    summary = expert.get(en("consultations:invitation", pk=accepted.pk))
    assert summary.status_code == 200 and SECRET not in summary.content.decode()
    assert (
        expert.post(
            en("consultations:invitation", pk=accepted.pk), {"answer": "accept"}
        ).status_code
        == 302
    )
    second = client_for(p.second_expert)
    no_reason = second.post(en("consultations:invitation", pk=declined.pk), {"answer": "decline"})
    assert no_reason.status_code == 400
    second.post(
        en("consultations:invitation", pk=declined.pk), {"answer": "decline", "reason": "Lomalla"}
    )
    declined.refresh_from_db()
    assert (declined.status, declined.answer_reason) == ("declined", "Lomalla")
    assert expert.get(en("consultations:detail", pk=case.pk)).status_code == 200
    assert second.get(en("consultations:detail", pk=case.pk)).status_code == 404
    coordinator.post(en("consultations:invitation_withdraw", pk=declined.pk))
    declined.refresh_from_db()
    assert declined.status == "withdrawn"

    # 4. Scheduling requires chair and scribe; the .ics goes to all.
    missing = coordinator.post(
        en("consultations:schedule", pk=case.pk),
        {
            "starts_at": "2026-12-01T10:00",
            "duration_minutes": 60,
            "online_link": "https://meet.example.fi/a",
            "language": "fi",
        },
    )
    assert missing.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = coordinator.post(
            en("consultations:schedule", pk=case.pk),
            {
                "starts_at": "2026-12-01T10:00",
                "duration_minutes": 60,
                "online_link": "https://meet.example.fi/a",
                "language": "sv",
                "chair": p.coordinator.pk,
                "scribe": p.expert.pk,
            },
        )
    assert scheduled.status_code == 302
    meeting = Meeting.objects.get()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([p.coordinator.email, p.expert.email])
    ics = mail.outbox[0].attachments[0]
    assert ics[2] == "text/calendar" and "BEGIN:VEVENT" in ics[1] and SECRET not in ics[1]
    assert coordinator.get(en("consultations:meeting_ics", pk=meeting.pk))[
        "Content-Type"
    ].startswith("text/calendar")

    # 5. The scribe writes, the chair approves; the requester reads the memo and PDF.
    participants = list(meeting.participants.all())
    record = {
        "people-TOTAL_FORMS": len(participants),
        "people-INITIAL_FORMS": len(participants),
        "perspectives-TOTAL_FORMS": 1,
        "perspectives-INITIAL_FORMS": 0,
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 0,
        "family_took_part": "no",
        "recommendations": "Yhteinen suunnitelma.",
        "perspectives-0-perspective": "Koulu",
        "perspectives-0-reason": "Poissaolot",
        "steps-0-what": "Suunnitelmapalaveri",
        "steps-0-who": "Sosiaalityöntekijä",
        "steps-0-due": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "submit": "1",
    }
    for i, part in enumerate(participants):
        record.update(
            {
                f"people-{i}-id": part.pk,
                f"people-{i}-role": "asiantuntija",
                f"people-{i}-minutes_spent": 75,
            }
        )
    assert (
        coordinator.post(en("consultations:record", pk=meeting.pk), record).status_code == 403
    )  # not the scribe
    assert expert.post(en("consultations:record", pk=meeting.pk), record).status_code == 302
    meeting.refresh_from_db()
    assert meeting.record_status == "submitted"
    assert (
        requester.get(en("consultations:memo", pk=meeting.pk)).status_code == 403
    )  # not approved yet
    assert (
        expert.post(en("consultations:approve", pk=meeting.pk)).status_code == 403
    )  # not the chair
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            coordinator.post(
                en("consultations:approve", pk=meeting.pk), {"follow_up_date": ""}
            ).status_code
            == 302
        )
    case.refresh_from_db()
    assert case.state == State.FOLLOW_UP
    memo = requester.get(en("consultations:memo", pk=meeting.pk)).content.decode()
    # The memo is in the consultation's language (Swedish), marked confidential.
    assert 'lang="sv"' in memo and "Yhteinen suunnitelma." in memo
    pdf = requester.get(en("consultations:memo_pdf", pk=meeting.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert meeting.participants.filter(minutes_spent=75).count() == len(participants)

    # 6. A reminder for the due step, then the step marked not done with a reason.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.reminders_send_due()
    assert counts["steps"] == 1
    assert {m.to[0] for m in mail.outbox} == {p.requester.email, p.coordinator.email}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send_due()["steps"] == 0  # once per interval
    step = NextStep.objects.get()
    assert (
        requester.post(
            en("consultations:step_update", pk=step.pk), {"status": "not_done"}
        ).status_code
        == 400
    )
    requester.post(
        en("consultations:step_update", pk=step.pk), {"status": "not_done", "reason": "Sairasloma"}
    )
    step.refresh_from_db()
    assert (step.status, step.not_done_reason) == ("not_done", "Sairasloma")

    # 7. The case returns once for a new consultation, then closes with findings.
    assert (
        coordinator.post(
            en("consultations:return", pk=case.pk), {"reason": "Tilanne muuttui"}
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.state == State.TEAM
    second_meeting = services.schedule(
        case,
        data={
            "starts_at": timezone.now(),
            "duration_minutes": 30,
            "place": "Neuvotteluhuone",
            "online_link": "",
            "language": "fi",
            "chair": p.coordinator,
            "scribe": p.expert,
        },
        by=p.coordinator,
    )
    assert second_meeting.number == 2
    services.record_save(
        second_meeting,
        family_took_part=True,
        recommendations="Jatko.",
        participants=[],
        perspectives=[],
        next_steps=[],
        submit=True,
        by=p.expert,
    )
    services.record_approve(second_meeting, by=p.coordinator)
    no_findings = coordinator.post(
        en("consultations:close", pk=case.pk), {"what_worked": "Yhteistyö"}
    )
    assert no_findings.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        closed = coordinator.post(
            en("consultations:close", pk=case.pk),
            {
                "what_worked": "Yhteistyö",
                "gap_categories": ["waiting", "coordination"],
                "gaps_text": "Jonoa",
            },
        )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.gap_categories == ["waiting", "coordination"]
    assert mail.outbox[-1].to == [p.requester.email]

    # 8. Feedback: one answer per requester.
    ratings = {
        f"mark_{m}": "5"
        for m in (
            "timeliness",
            "trust",
            "openness",
            "safety",
            "calm",
            "heard",
            "leadership",
            "documentation",
            "new_perspectives",
            "collaboration",
            "next_steps",
            "return",
        )
    }
    assert (
        requester.post(
            en("consultations:feedback", pk=case.pk), {**ratings, "free_text": "Hyvä"}
        ).status_code
        == 302
    )
    assert requester.post(en("consultations:feedback", pk=case.pk), ratings).status_code == 302
    assert Feedback.objects.count() == 1
    report = coordinator.get(
        en("consultations:feedback_report", centre_slug="sisa-suomi")
    ).content.decode()
    assert line.name_en in report
    assert p.expert.get_full_name() not in report  # never per expert

    # The timeline shows every step with who and when.
    actions = list(case.events.values_list("action", flat=True))
    for action in (
        "submit",
        "take",
        "assessed",
        "decide",
        "invited",
        "invitation_accepted",
        "invitation_declined",
        "schedule",
        "approve_memo",
        "reminder_sent",
        "return",
        "close",
        "feedback_given",
    ):
        assert action in actions


def test_an_illegal_transition_is_refused_with_a_message() -> None:
    p = people()
    from tests.factories import ConsultationFactory

    case = ConsultationFactory(requester=p.requester)
    response = client_for(p.coordinator).post(
        en("consultations:close", pk=case.pk), {"what_worked": "x", "gaps_text": "y"}, follow=True
    )
    assert "is not possible while the case is" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.SUBMITTED


def test_redirection_sends_the_reason_to_the_requester(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    p = people()
    from tests.factories import ConsultationFactory

    case = ConsultationFactory(requester=p.requester)
    coordinator = client_for(p.coordinator)
    assert (
        coordinator.post(
            en("consultations:decide", pk=case.pk), {"outcome": "redirect"}
        ).status_code
        == 400
    )
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            en("consultations:decide", pk=case.pk),
            {
                "outcome": "redirect",
                "redirect_target": "specialist",
                "redirect_reason": "Lastenpsykiatria",
            },
        )
    case.refresh_from_db()
    assert case.state == State.REDIRECTED
    assert mail.outbox[-1].to == [p.requester.email]
    assert "Lastenpsykiatria" not in mail.outbox[-1].body  # the reason is read in the app
    assert (
        "Lastenpsykiatria"
        in client_for(p.requester).get(en("consultations:detail", pk=case.pk)).content.decode()
    )


def test_lines_are_preselected_from_the_map() -> None:
    p = people()
    line = LineFactory()
    other = Line.objects.exclude(pk=line.pk).filter(centre=line.centre).first() or LineFactory()
    page = client_for(p.requester).get(
        en("consultations:request_new") + f"?line={line.pk}&line={other.pk}"
    )
    html = page.content.decode()
    import re

    checked = re.findall(r'<input type="checkbox" name="lines" value="(\d+)"[^>]*checked', html)
    assert sorted(map(int, checked)) == sorted([line.pk, other.pk])


def test_a_coordinator_files_on_behalf_of_a_caller() -> None:
    p = people()
    coordinator = client_for(p.coordinator)
    page = coordinator.get(en("consultations:request_new")).content.decode()
    assert 'name="caller"' in page
    assert (
        'name="caller"'
        not in client_for(p.requester).get(en("consultations:request_new")).content.decode()
    )
    response = coordinator.post(
        en("consultations:request_new"),
        request_data(caller="Koulupsykologi, Pirkanmaa", requester=p.requester.pk),
    )
    assert response.status_code == 302
    case = Consultation.objects.get()
    assert (case.filed_by, case.requester, case.caller) == (
        p.coordinator,
        p.requester,
        "Koulupsykologi, Pirkanmaa",
    )
    assert client_for(p.requester).get(en("consultations:detail", pk=case.pk)).status_code == 200
    # A caller without an account: the coordinator's centre keeps the case, nobody else sees it.
    coordinator.post(en("consultations:request_new"), request_data(caller="Terveydenhoitaja"))
    phoned = Consultation.objects.get(caller="Terveydenhoitaja")
    assert phoned.requester is None


def test_feedback_is_shown_per_consultation_to_the_coordinator() -> None:
    p = people()
    from apps.consultations.models import FeedbackMark
    from tests.consultation_helpers import case_in_follow_up

    case, _meeting = case_in_follow_up(p)
    services.close(case, what_worked="x", gap_categories=["other"], gaps_text="", by=p.coordinator)
    services.feedback_give(
        case,
        requester=p.requester,
        ratings=dict.fromkeys(FeedbackMark.values, 3),
        free_text="Selkeä",
    )
    page = client_for(p.coordinator).get(en("consultations:detail", pk=case.pk)).content.decode()
    assert "Average rating per mark" in page and "3.0" in page and "Selkeä" in page
    assert (
        "Average rating per mark"
        not in client_for(p.expert).get(en("consultations:detail", pk=case.pk)).content.decode()
    )
