from django.urls import path  # noqa: F401 (the helpers' views add their paths here)

app_name = "followup"
urlpatterns = []
