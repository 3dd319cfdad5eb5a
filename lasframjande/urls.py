from django.urls import path

from biblioteksportal.views import region_index

from .views import inventory, network, public

app_name = "lasframjande"
urlpatterns = [
    path("natverk/", network.network, name="network"),
    path("projekt/", network.projects, name="projects"),
    path("metoder/", network.methods, name="methods"),
    path("skrivarenor/", network.arenas, name="arenas"),
    path("vuxna-som-arbetar-med-barn/", network.adults, name="adults"),
    path("aktorer/", region_index, {"name": "lasframjande:directory"}, name="directory-index"),
    path("aktorer/export.csv", inventory.export, name="export"),
    path("aktorer/kartlaggning/", inventory.inventory, name="inventory"),
    path("aktorer/ta-bort/<str:token>/", public.remove, name="actor-remove"),
    path("<slug:region>/aktorer/", public.directory, name="directory"),
    path("<slug:region>/aktorer/anmal/", public.register, name="register"),
    path("<slug:region>/aktorer/tack/", public.registered, name="registered"),
]
