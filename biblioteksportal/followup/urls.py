from django.urls import path

from . import activity_views

app_name = "followup"
urlpatterns = [
    path("<int:year>/aktiviteter/", activity_views.activity_file, name="activities"),
]
