from django.utils.translation import gettext_lazy as _

from biblioteksportal import areas
from biblioteksportal.choices import AreaApp


# areas.AreaConfig, not the name imported: Django takes an apps.py's only AppConfig subclass
class BiblioteksplanerConfig(areas.AreaConfig):
    name = "biblioteksplaner"
    area = AreaApp.BIBLIOTEKSPLANER
    verbose_name = _("Kvalitetsarbete och biblioteksplaner")
