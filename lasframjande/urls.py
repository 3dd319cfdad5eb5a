from django.urls import path

from biblioteksportal.views import region_index

from . import views

app_name = "lasframjande"
urlpatterns = [
    path("natverk/", views.network, name="network"),
    path("projekt/", views.projects, name="projects"),
    path("metoder/", views.methods, name="methods"),
    path("skrivarenor/", views.arenas, name="arenas"),
    path("vuxna-som-arbetar-med-barn/", views.adults, name="adults"),
    path("aktorer/", region_index, {"name": "lasframjande:directory"}, name="directory-index"),
    path("aktorer/export.csv", views.export, name="export"),
    path("aktorer/kartlaggning/", views.inventory, name="inventory"),
    path("aktorer/ta-bort/<str:token>/", views.remove, name="actor-remove"),
    path("<slug:region>/aktorer/", views.directory, name="directory"),
    path("<slug:region>/aktorer/anmal/", views.register, name="register"),
    path("<slug:region>/aktorer/tack/", views.registered, name="registered"),
]
