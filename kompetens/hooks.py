"""What the app hands the core: start-page links and the facts of the annual report."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from biblioteksportal.access import role_of
from biblioteksportal.choices import Role
from biblioteksportal.models import Municipality

from .choices import Audience, EventKind, EventStatus
from .models import Grant, TrainingEvent, Workshop


def home_links(user):
    links = [(_("Utbildningskalender"), reverse("kompetens:index"))]
    if role_of(user) in (Role.REGIONAL_STAFF, Role.LIBRARY_HEAD):
        year = timezone.localdate().year
        links += [
            (_("Deltagare i utbildningar"), reverse("kompetens:statistics", args=[year])),
            (_("Självskattning av digital kompetens"), reverse("kompetens:rounds")),
            (_("Bidrag"), reverse("kompetens:grants")),
        ]
    return links


def kr(amount):
    return f"{number_format(amount, 0, force_grouping=True)} kr"


def report_facts(area_year):
    region, year = area_year.year.region, area_year.year.year
    held = (
        TrainingEvent.objects.filter(region=region, start__year=year, end__lt=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .exclude(audience=Audience.CHILDREN_ADULTS)
        .prefetch_related("partners")
        .annotate(n=Count("registrations", filter=Q(registrations__attended=True)))
    )
    facts = []
    trainings = [event for event in held if event.kind != EventKind.WORKSHOP]
    if trainings:
        items = []
        for event in trainings:
            partners = ", ".join(p.name for p in event.partners.all())
            item = f"{event.get_kind_display().lower()} ”{event.title}”"
            items.append(f"{item} ({_('med')} {partners})" if partners else item)
        facts.append(
            _("%(n)d utbildningstillfällen har genomförts: %(items)s.")
            % {"n": len(trainings), "items": "; ".join(items)}
        )
        attended = sum(event.n for event in held)
        if attended:
            facts.append(
                _("%(n)s deltagare markerade som närvarande.")
                % {"n": number_format(attended, force_grouping=True)}
            )
    workshops = Workshop.objects.filter(
        round__region=region, event__start__year=year
    ).select_related("round", "municipality")
    by_round = {}
    for workshop in workshops.order_by("round__held", "municipality__name"):
        by_round.setdefault(workshop.round, []).append(workshop.municipality.name)
    total = Municipality.objects.filter(region=region).count()
    for round, names in by_round.items():
        facts.append(
            _(
                "Workshoppar utifrån självskattningen %(round)s har hållits i %(n)d av %(total)d "
                "kommuner: %(names)s."
            )
            % {"round": round.name, "n": len(names), "total": total, "names": ", ".join(names)}
        )
    grants = (
        Grant.objects.filter(region=region, start__year__lte=year, end__year__gte=year)
        .select_related("funder")
        .annotate(spent=Sum("spending__amount"))
    )
    for grant in grants:
        facts.append(
            _(
                "Bidrag från %(funder)s till %(programme)s: %(amount)s (%(start)d–%(end)d), "
                "varav %(spent)s förbrukat."
            )
            % {
                "funder": grant.funder.name,
                "programme": f"”{grant.programme}”",
                "amount": kr(grant.amount),
                "start": grant.start.year,
                "end": grant.end.year,
                "spent": kr(grant.spent or 0),
            }
        )
    return facts
