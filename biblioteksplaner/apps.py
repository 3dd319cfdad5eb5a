from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class BiblioteksplanerConfig(AppConfig):
    name = "biblioteksplaner"
    area = AreaApp.BIBLIOTEKSPLANER
    verbose_name = _("Kvalitetsarbete och biblioteksplaner")
