from django.urls import path

from biblioteksportal.views import region_index

from . import views

app_name = "kompetens"
urlpatterns = [
    # the calendar without a region, and its old addresses: the region's, or a choice
    path("", region_index, {"name": "kompetens:events"}, name="index"),
    path("kalender/<int:year>/<int:month>/", region_index, {"name": "kompetens:month"}),
    path("kalender.ics", region_index, {"name": "kompetens:feed"}),
    path("utbildning/<int:pk>/", views.event_detail, name="event"),
    path("utbildning/<int:pk>/kalender.ics", views.event_ics, name="event-ics"),
    path("utbildning/<int:pk>/deltagare/", views.participants, name="participants"),
    path("anmalan/<str:token>/", views.registration_detail, name="registration"),
    path("anmalan/<str:token>/intyg.pdf", views.certificate, name="certificate"),
    path("statistik/<int:year>/", views.statistics, name="statistics"),
    path("sjalvskattning/", views.round_list, name="rounds"),
    path("sjalvskattning/jamfor/", views.round_compare, name="compare"),
    path("sjalvskattning/<int:pk>/", views.round_results, name="round"),
    path("sjalvskattning/<int:pk>/resultat.csv", views.round_export, name="round-export"),
    path("sjalvskattning/<int:pk>/import/", views.round_import, name="round-import"),
    path("sjalvskattning/<int:pk>/workshoppar/", views.workshops, name="workshops"),
    path("bidrag/", views.grants, name="grants"),
    # last: a region's address would otherwise hide the fixed ones above
    path("<slug:region>/", views.event_list, name="events"),
    path("<slug:region>/kalender/<int:year>/<int:month>/", views.event_month, name="month"),
    path("<slug:region>/kalender.ics", views.calendar_feed, name="feed"),
]
