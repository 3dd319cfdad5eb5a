"""The app's side of biblioteksportal/areas.py: start-page links and the report's facts."""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from biblioteksportal.access import role_of
from biblioteksportal.choices import Role

from . import services
from .models import WorkGroup

# The app's pages for readers: on the start page and the app's own index.
PAGES = [
    (gettext_lazy("Samverkansavtalet"), "samverkan:agreement"),
    (gettext_lazy("Arbetsgrupper"), "samverkan:work-groups"),
    (gettext_lazy("Gemensamma system"), "samverkan:systems"),
    (gettext_lazy("Låneregler och ersättningar"), "samverkan:lending-rules"),
    (gettext_lazy("Transporter"), "samverkan:transports"),
    (gettext_lazy("Flytande bestånd"), "samverkan:floating"),
    (gettext_lazy("Fram och tillbaka"), "samverkan:back-and-forth"),
]


def home_links(user):
    role = role_of(user)
    if role not in (Role.REGIONAL_STAFF, Role.LIBRARY_HEAD):
        return []
    links = [(label, reverse(name)) for label, name in PAGES]
    if role == Role.REGIONAL_STAFF:
        links.append(
            (_("Läs in överföringar från Koha"), reverse("admin:samverkan_transferimport_add"))
        )
    return links


def report_facts(area_year):
    region = area_year.year.region
    start, end = date(area_year.year.year, 1, 1), date(area_year.year.year, 12, 31)
    facts = []
    agreement = services.region_agreement(region)
    if agreement:
        summary = services.signature_summary(list(agreement.parties.all()))
        fact = _("%(signed)s av %(total)s parter har skrivit under samverkansavtalet.") % summary
        if summary["missing"]:
            fact += " " + _("Underskrift saknas från %(names)s.") % {
                "names": ", ".join(p.party_name for p in summary["missing"])
            }
        if summary["declined"]:
            fact += " " + _("%(names)s har avböjt.") % {
                "names": ", ".join(p.party_name for p in summary["declined"])
            }
        facts.append(fact)
    for system in services.system_counts(region, end):
        if system.live:
            facts.append(
                _("%(name)s är i drift i %(live)s av %(total)s kommuner; utbildning i %(trained)s.")
                % {
                    "name": system.name,
                    "live": system.live,
                    "total": system.total,
                    "trained": system.trained,
                }
            )
    groups = list(
        WorkGroup.objects.filter(region=region, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .values_list("name", flat=True)
    )
    if groups:
        facts.append(
            ngettext(
                "%(n)s arbetsgrupp var verksam: %(names)s.",
                "%(n)s arbetsgrupper var verksamma: %(names)s.",
                len(groups),
            )
            % {"n": len(groups), "names": ", ".join(groups)}
        )
    qs = services.transfers(region, start, end)
    months = services.per_month(qs)
    total = sum(m["total"] for m in months)
    if total:
        cancelled = sum(m["cancelled_n"] for m in months)
        trips = services.back_and_forth(region, start, end, 30)
        facts.append(
            _(
                "%(total)s överföringar mellan biblioteken registrerades i Koha, varav "
                "%(cancelled)s avbröts. %(items)s exemplar (%(titles)s titlar) skickades fram "
                "och tillbaka mellan samma bibliotek inom 30 dagar."
            )
            % {
                "total": number_format(total, force_grouping=True),
                "cancelled": number_format(cancelled, force_grouping=True),
                "items": number_format(trips["items"], force_grouping=True),
                "titles": number_format(trips["titles"], force_grouping=True),
            }
        )
    return facts
