from django.urls import path

from . import views

app_name = "samverkan"
urlpatterns = [
    path("", views.index, name="index"),
    path("avtal/", views.agreement, name="agreement"),
    path("avtal/<int:pk>/dokument/", views.agreement_document, name="agreement-document"),
    path("arbetsgrupper/", views.work_groups, name="work-groups"),
    path("moten/<int:pk>/minnesanteckningar/", views.meeting_minutes, name="meeting-minutes"),
    path("system/", views.systems, name="systems"),
    path("laneregler/", views.lending_rules, name="lending-rules"),
    path("transporter/", views.transports, name="transports"),
    path("flytande-bestand/", views.floating, name="floating"),
    path("flytande-bestand/fram-och-tillbaka/", views.back_and_forth, name="back-and-forth"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/status/", views.import_status, name="import-status"),
    path("import/<int:pk>/fil/", views.import_file, name="import-file"),
    path("import/<int:pk>/starta-igen/", views.import_restart, name="import-restart"),
]
