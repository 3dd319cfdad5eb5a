from django.urls import path

from . import activity_views, round_views, views

app_name = "followup"
urlpatterns = [
    path("omgang/<int:pk>/", round_views.round_page, name="round"),
    path("omgang/<int:pk>/rapport/", round_views.round_report, name="round_report"),
    path("omgang/<int:pk>/kommun/<str:code>/", round_views.round_entry, name="round_entry"),
    path("omgang/<int:pk>/aktiviteter/", round_views.round_activities, name="round_activities"),
    path("<int:year>/", views.dashboard, name="dashboard"),
    path("<int:year>/aktiviteter/", activity_views.activity_file, name="activities"),
]
