from django.utils.translation import gettext_lazy as _

from biblioteksportal import areas
from biblioteksportal.choices import AreaApp


# areas.AreaConfig, not the name imported: Django takes an apps.py's only AppConfig subclass
class KompetensConfig(areas.AreaConfig):
    name = "kompetens"
    area = AreaApp.KOMPETENS
    verbose_name = _("Digital kompetens")
