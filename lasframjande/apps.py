from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class LasframjandeConfig(AppConfig):
    name = "lasframjande"
    area = AreaApp.LASFRAMJANDE
    verbose_name = _("Läs- och litteraturfrämjande")
