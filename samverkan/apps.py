from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class SamverkanConfig(AppConfig):
    name = "samverkan"
    area = AreaApp.SAMVERKAN
    verbose_name = _("Bibliotekssamverkan")

    def load_demo(self, region):
        from .demo import load

        load(region)

    def home_links(self, user):
        from .hooks import home_links

        return home_links(user)

    def report_facts(self, area_year):
        from .hooks import report_facts

        return report_facts(area_year)
