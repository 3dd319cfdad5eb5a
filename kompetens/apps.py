from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class KompetensConfig(AppConfig):
    name = "kompetens"
    area = AreaApp.KOMPETENS
    verbose_name = _("Digital kompetens")

    def load_demo(self, region):
        from .demo import load_demo

        load_demo(region)

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
        from .dashboard import dashboard

        return dashboard(year, user)

    def municipality(self, municipality, year, user):
        from .dashboard import municipality as municipality_part

        return municipality_part(municipality, year, user)

    def search(self, query, user):
        from .dashboard import search

        return search(query, user)
