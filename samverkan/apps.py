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

    def generate_national(self, region, years, rng, scale):
        from .national import generate_national

        generate_national(region, years, rng, scale)

    def home_links(self, user):
        from .hooks import home_links

        return home_links(user)

    def report_facts(self, area_year):
        from .hooks import report_facts

        return report_facts(area_year)

    def dashboard(self, year, user):
        from .dashboard import county

        return county(year, user)

    def municipality(self, municipality, year, user):
        from .dashboard import municipality as part

        return part(municipality, year, user)

    def search(self, query, user):
        from .dashboard import search

        return search(query, user)
