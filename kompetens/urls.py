from django.urls import path

from . import views

app_name = "kompetens"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("kalender/<int:year>/<int:month>/", views.event_month, name="month"),
    path("kalender.ics", views.calendar_feed, name="feed"),
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
]
