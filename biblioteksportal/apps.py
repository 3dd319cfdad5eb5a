from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "biblioteksportal"
    verbose_name = _("Gemensamt")

    def ready(self):
        from . import documents, otp, security, sessions  # noqa: F401 (their signals)

        documents.connect_cleanup()


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "biblioteksportal.sites.PortalAdminSite"
