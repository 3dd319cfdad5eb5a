from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class SamverkanConfig(AppConfig):
    name = "samverkan"
    area = AreaApp.SAMVERKAN
    verbose_name = _("Bibliotekssamverkan")
