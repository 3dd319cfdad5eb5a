app_name = "samverkan"
urlpatterns = []
