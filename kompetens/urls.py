app_name = "kompetens"
urlpatterns = []
