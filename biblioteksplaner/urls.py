app_name = "biblioteksplaner"
urlpatterns = []
