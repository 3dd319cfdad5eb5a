from django.urls import path

from . import views

app_name = "biblioteksplaner"
urlpatterns = [
    path("min-rapport/", views.my_report, name="my-report"),
    path("rapport/<int:pk>/", views.report_detail, name="report"),
    path("rapport/<int:pk>/dokument/", views.report_document, name="report-document"),
    path("omgang/<int:pk>/", views.round_detail, name="round"),
    path("oversikt/", views.overview, name="overview"),
    path("register/", views.register, name="register"),
    path("register/biblioteksplaner.csv", views.register_csv, name="register-csv"),
    path("register/biblioteksplaner.json", views.register_json, name="register-json"),
    path("register/<str:code>/", views.register_owner, name="register-owner"),
    path("plan/<int:pk>/dokument/", views.plan_document, name="plan-document"),
]
