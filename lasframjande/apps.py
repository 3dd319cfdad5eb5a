from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblioteksportal.choices import AreaApp, Role


class LasframjandeConfig(AppConfig):
    name = "lasframjande"
    area = AreaApp.LASFRAMJANDE
    verbose_name = gettext_lazy("Läs- och litteraturfrämjande")

    def load_demo(self, region):
        from .demo import load_demo

        load_demo(region)

    def report_facts(self, area_year):
        from .report import report_facts

        return report_facts(area_year)

    def generate_national(self, region, years, rng, scale):
        from .national import generate_national

        generate_national(region, years, rng, scale)

    def home_links(self, user):
        from biblioteksportal.access import role_of

        role = role_of(user)
        links = [(_("Katalog över litterära aktörer"), reverse("lasframjande:directory-index"))]
        if role in (Role.REGIONAL_STAFF, Role.LIBRARY_HEAD):
            links += [
                (_("Nätverket för läsfrämjande"), reverse("lasframjande:network")),
                (_("Läsfrämjande projekt"), reverse("lasframjande:projects")),
                (_("Metodbank"), reverse("lasframjande:methods")),
                (_("Skrivarenor för barn och unga"), reverse("lasframjande:arenas")),
                (_("Kartläggning av litterära aktörer"), reverse("lasframjande:inventory")),
                (
                    _("Inspiration och kompetensutveckling för vuxna som arbetar med barn"),
                    reverse("lasframjande:adults"),
                ),
            ]
        if role == Role.REGIONAL_STAFF:
            queue = reverse("admin:lasframjande_literaryactor_changelist")
            links += [
                (_("Granska anmälda litterära aktörer"), f"{queue}?status__exact=pending"),
                (_("Exportera litterära aktörer (CSV)"), reverse("lasframjande:export")),
            ]
        return links

    def dashboard(self, year, user):
        from .dashboard import dashboard

        return dashboard(year, user)

    def municipality(self, municipality, year, user):
        from .dashboard import municipality as municipality_part

        return municipality_part(municipality, year, user)

    def search(self, query, user):
        from .dashboard import search

        return search(query, user)
