from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import AreaApp


class BiblioteksplanerConfig(AppConfig):
    name = "biblioteksplaner"
    area = AreaApp.BIBLIOTEKSPLANER
    verbose_name = _("Kvalitetsarbete och biblioteksplaner")

    def load_demo(self, region):
        from .demo import load

        load(region)

    def generate_national(self, region, years, rng, scale):
        from .national import generate_national

        generate_national(region, years, rng, scale)

    def home_links(self, user):
        from biblioteksportal.access import role_of
        from biblioteksportal.choices import Role

        role = role_of(user)
        links = []
        if role == Role.REPORTER:
            links.append(
                (_("Rapportera kommunens biblioteksplan"), reverse("biblioteksplaner:my-report"))
            )
        if role in (Role.LIBRARY_HEAD, Role.REGIONAL_STAFF):
            links.append((_("Biblioteksplaner i länet"), reverse("biblioteksplaner:overview")))
        links.append((_("Register över biblioteksplaner"), reverse("biblioteksplaner:register")))
        return links

    def report_facts(self, area_year):
        from .reporting import report_facts

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
