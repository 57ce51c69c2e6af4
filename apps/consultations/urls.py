from django.urls import path

from apps.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.request_new, name="request_new"),
    path("drafts/save/", views.draft_save, name="draft_save"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft_delete"),
    path("queue/<slug:centre_slug>/", views.queue, name="queue"),
    path("feedback/<slug:centre_slug>/", views.feedback_report, name="feedback_report"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/new/", views.instrument_new, name="instrument_new"),
    path("instruments/<int:pk>/activate/", views.instrument_activate, name="instrument_activate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/return/", views.case_return, name="return"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("invitations/<int:pk>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/record/", views.record_edit, name="record"),
    path("meetings/<int:pk>/approve/", views.approve, name="approve"),
    path("meetings/<int:pk>/memo/", views.memo, name="memo"),
    path("meetings/<int:pk>/memo.pdf", views.memo_pdf, name="memo_pdf"),
    path("steps/<int:pk>/", views.step_update, name="step_update"),
]
