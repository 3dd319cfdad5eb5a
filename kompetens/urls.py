from django.urls import path

from biblioteksportal.views import region_index

from .views import assessment, calendar, events, participants

app_name = "kompetens"
urlpatterns = [
    # the calendar without a region, and its old addresses: the region's, or a choice
    path("", region_index, {"name": "kompetens:events"}, name="index"),
    path("kalender/<int:year>/<int:month>/", region_index, {"name": "kompetens:month"}),
    path("kalender.ics", region_index, {"name": "kompetens:feed"}),
    path("utbildning/<int:pk>/", events.event_detail, name="event"),
    path("utbildning/<int:pk>/kalender.ics", calendar.event_ics, name="event-ics"),
    path("utbildning/<int:pk>/deltagare/", participants.participants, name="participants"),
    path("anmalan/<str:token>/", events.registration_detail, name="registration"),
    path("anmalan/<str:token>/intyg.pdf", events.certificate, name="certificate"),
    path("anmalan/<str:token>/reservlista/", events.leave_waiting_list, name="leave-waiting-list"),
    path("statistik/<int:year>/", participants.statistics, name="statistics"),
    path("sjalvskattning/", assessment.round_list, name="rounds"),
    path("sjalvskattning/jamfor/", assessment.round_compare, name="compare"),
    path("sjalvskattning/<int:pk>/", assessment.round_results, name="round"),
    path("sjalvskattning/<int:pk>/resultat.csv", assessment.round_export, name="round-export"),
    path("sjalvskattning/<int:pk>/import/", assessment.round_import, name="round-import"),
    path("sjalvskattning/<int:pk>/workshoppar/", assessment.workshops, name="workshops"),
    path("bidrag/", participants.grants, name="grants"),
    # last: a region's address would otherwise hide the fixed ones above
    path("<slug:region>/", calendar.event_list, name="events"),
    path("<slug:region>/kalender/<int:year>/<int:month>/", calendar.event_month, name="month"),
    path("<slug:region>/kalender.ics", calendar.calendar_feed, name="feed"),
]
