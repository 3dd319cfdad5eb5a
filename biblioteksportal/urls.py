import contextlib

from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, get_resolver, include, path, reverse
from django.utils import translation

from . import opendata, otp, public, views
from .health import health, ready

handler500 = "biblioteksportal.health.server_error"

urlpatterns = [
    path("", public.start, name="home"),
    path("region/<slug:region>/", public.region_page, name="region-page"),
    path("region/<slug:region>/tillganglighet/", public.accessibility, name="accessibility"),
    path(
        "tillganglighet/",
        views.region_index,
        {"name": "accessibility"},
        name="accessibility-index",
    ),
    path("halsa/", health, name="health"),
    path("halsa/klar/", ready, name="ready"),
    path("verksamhetsar/<int:year>/", views.year_detail, name="year"),
    path("verksamhetsar/<int:year>/berattelse/", views.annual_report, name="annual-report"),
    path("verksamhetsar/<int:year>/plan/", views.activity_plan, name="activity-plan"),
    path("oversikt/", views.dashboard, name="dashboard"),
    path("oversikt/<int:year>/", views.dashboard, name="dashboard"),
    path("kommun/<str:code>/", views.municipality, name="municipality"),
    path("kommun/<str:code>/<int:year>/", views.municipality, name="municipality"),
    path("sok/", views.search_view, name="search"),
    path("om/", views.about_index, name="about-index"),
    path("om/<slug:slug>/", views.about, name="about"),
    path("om/logotyp/<int:pk>/", views.region_logo, name="region-logo"),
    path("oppna-data/", views.region_index, {"name": "open-data-region"}, name="open-data"),
    path("oppna-data/dcat.ttl", views.region_index, {"name": "open-data-ttl"}),
    path("oppna-data/dcat.rdf", views.region_index, {"name": "open-data-rdf"}),
    path("oppna-data/<slug:region>/", opendata.region_page, name="open-data-region"),
    path(
        "oppna-data/<slug:region>/dcat.ttl",
        opendata.dcat,
        {"extension": "ttl"},
        name="open-data-ttl",
    ),
    path(
        "oppna-data/<slug:region>/dcat.rdf",
        opendata.dcat,
        {"extension": "rdf"},
        name="open-data-rdf",
    ),
    path(
        "oppna-data/<slug:region>/<slug:dataset>/",
        opendata.dataset_page,
        name="open-data-dataset",
    ),
    path("konto/login/", views.PortalLoginView.as_view(), name="login"),
    path(
        "konto/password_reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "konto/password_change/",
        views.PortalPasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/reset/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("konto/tvafaktor/", otp.verify, name="otp-verify"),
    path("konto/tvafaktor/aktivera/", otp.enrol, name="otp-enrol"),
    path("konto/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("uppfoljning/", include("biblioteksportal.followup.urls")),
    path("samverkan/", include("samverkan.urls")),
    path("kompetens/", include("kompetens.urls")),
    path("biblioteksplaner/", include("biblioteksplaner.urls")),
    path("lasframjande/", include("lasframjande.urls")),
    path("admin/", admin.site.urls),
]


def make_reverse_lookups():
    """Make the reverse lookups of the URLconf and of each of its namespaces in each language,
    which Django makes at the first `reverse()` of a name there: 60 ms of a worker's first
    requests at national scale (the names of 1,500 URL patterns), a namespace at a time. A
    worker does this before its first request (biblioteksportal/wsgi.py)."""

    def namespaces(resolver, prefix=""):
        for name, (_pattern, included) in resolver.namespace_dict.items():
            with contextlib.suppress(NoReverseMatch):  # a name no pattern has makes them too
                reverse(f"{prefix}{name}:-")
            namespaces(included, f"{prefix}{name}:")

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            get_resolver().reverse_dict  # noqa: B018
            namespaces(get_resolver())
