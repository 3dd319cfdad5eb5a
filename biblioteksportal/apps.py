from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "biblioteksportal"
    verbose_name = _("Gemensamt")

    def ready(self):
        from . import documents, otp, security, sessions, versions  # noqa: F401 (signals)

        documents.connect_cleanup()
        post_migrate.connect(versions.install, sender=self)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "biblioteksportal.sites.PortalAdminSite"
