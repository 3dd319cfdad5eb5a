from django.utils.translation import gettext_lazy

from biblioteksportal import areas
from biblioteksportal.choices import AreaApp


# areas.AreaConfig, not the name imported: Django takes an apps.py's only AppConfig subclass
class LasframjandeConfig(areas.AreaConfig):
    name = "lasframjande"
    area = AreaApp.LASFRAMJANDE
    verbose_name = gettext_lazy("Läs- och litteraturfrämjande")
