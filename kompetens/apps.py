from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class KompetensConfig(AppConfig):
    name = "kompetens"
    area = AreaApp.KOMPETENS
    verbose_name = _("Digital kompetens")
