app_name = "lasframjande"
urlpatterns = []
