from django.urls import path

from .views import agreements, flows, groups, imports, rules, systems, transports

app_name = "samverkan"
urlpatterns = [
    path("", agreements.index, name="index"),
    path("avtal/", agreements.agreement, name="agreement"),
    path("avtal/<int:pk>/dokument/", agreements.agreement_document, name="agreement-document"),
    path("arbetsgrupper/", groups.work_groups, name="work-groups"),
    path("moten/<int:pk>/minnesanteckningar/", groups.meeting_minutes, name="meeting-minutes"),
    path("system/", systems.systems, name="systems"),
    path("laneregler/", rules.lending_rules, name="lending-rules"),
    path("transporter/", transports.transports, name="transports"),
    path("flytande-bestand/", flows.floating, name="floating"),
    path("flytande-bestand/fram-och-tillbaka/", flows.back_and_forth, name="back-and-forth"),
    path("import/<int:pk>/", imports.import_detail, name="import"),
    path("import/<int:pk>/status/", imports.import_status, name="import-status"),
    path("import/<int:pk>/fil/", imports.import_file, name="import-file"),
    path("import/<int:pk>/starta-igen/", imports.import_restart, name="import-restart"),
]
