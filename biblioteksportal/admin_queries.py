"""The admin index's set-up list: the order in which a region is set up, and what its regions
still lack, each with a link to where to add it. A fixed number of queries however many
municipalities or regions there are."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import AreaApp, Role
from .models import AreaYear, DevelopmentArea, Library, Municipality, Profile, Region, Year


@dataclass
class Item:
    text: str
    url: str = ""


@dataclass
class Step:
    title: str
    url: str
    missing: list = field(default_factory=list)


def _admin(view, /, *args, **query):
    url = reverse(f"admin:{view}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _has_role(role, **where):
    return Exists(Profile.objects.filter(role=role, **where))


def setup_steps(user, today=None):
    """The set-up steps (region, municipalities, libraries, development areas, years, users
    with roles) for the regions the user edits, each with what is missing."""
    this_year = (today or timezone.localdate()).year
    regions = list(
        Region.objects.for_user(user)
        .annotate(has_staff=_has_role(Role.REGIONAL_STAFF, region=OuterRef("pk")))
        .order_by("name")
    )
    ids = [r.pk for r in regions]
    municipalities = list(
        Municipality.objects.filter(region__in=ids)
        .annotate(
            has_library=Exists(Library.objects.filter(municipality=OuterRef("pk"))),
            has_head=_has_role(Role.LIBRARY_HEAD, municipality=OuterRef("pk")),
            has_reporter=_has_role(Role.REPORTER, municipality=OuterRef("pk")),
        )
        .order_by("name")
    )
    areas = set(DevelopmentArea.objects.filter(region__in=ids).values_list("region", "app"))
    years = {
        (region, year): (pk, has_content)
        for region, year, pk, has_content in Year.objects.filter(
            region__in=ids, year__in=[this_year - 1, this_year, this_year + 1]
        )
        .annotate(has_content=Exists(AreaYear.objects.filter(year=OuterRef("pk"))))
        .values_list("region", "year", "pk", "has_content")
    }
    users_url = _admin("auth_user_add") if user.has_perm("auth.add_user") else ""

    steps = [
        Step(_("Region"), _admin("biblioteksportal_region_changelist")),
        Step(_("Kommuner"), _admin("biblioteksportal_municipality_changelist")),
        Step(_("Bibliotek"), _admin("biblioteksportal_library_changelist")),
        Step(_("Utvecklingsområden"), _admin("biblioteksportal_developmentarea_changelist")),
        Step(_("Verksamhetsår"), _admin("biblioteksportal_year_changelist")),
        Step(_("Användare med roller"), _admin("auth_user_changelist") if users_url else ""),
    ]
    region_step, municipality_step, library_step, area_step, year_step, user_step = steps
    if not regions:
        region_step.missing.append(
            Item(_("Ingen region ännu"), _admin("biblioteksportal_region_add"))
        )
    for region in regions:
        if not any(m.region_id == region.pk for m in municipalities):
            municipality_step.missing.append(
                Item(
                    _("Inga kommuner ännu i %(region)s") % {"region": region},
                    _admin("biblioteksportal_municipality_add", region=region.pk),
                )
            )
        for app in AreaApp:
            if (region.pk, app.value) not in areas:
                area_step.missing.append(
                    Item(
                        _("Inget utvecklingsområde för %(area)s i %(region)s")
                        % {"area": app.label, "region": region},
                        _admin(
                            "biblioteksportal_developmentarea_add",
                            region=region.pk,
                            app=app.value,
                            name=app.label,
                        ),
                    )
                )
        for year in (this_year, this_year + 1):
            year_step.missing += _year_missing(region, year, years)
        if not region.has_staff:
            user_step.missing.append(
                Item(_("Ingen regional personal i %(region)s") % {"region": region}, users_url)
            )
    for m in municipalities:
        if not m.has_library:
            library_step.missing.append(
                Item(
                    _("Inga bibliotek ännu i %(municipality)s") % {"municipality": m},
                    _admin("biblioteksportal_library_add", region=m.region_id, municipality=m.pk),
                )
            )
        if not m.has_head:
            user_step.missing.append(
                Item(_("Ingen bibliotekschef i %(municipality)s") % {"municipality": m}, users_url)
            )
        if not m.has_reporter:
            user_step.missing.append(
                Item(_("Ingen kommunrapportör i %(municipality)s") % {"municipality": m}, users_url)
            )
    return steps


def _year_missing(region, year, years):
    """What a region lacks of a year: the year (to copy from the one before where it has a
    frame), or its frame."""
    found = years.get((region.pk, year))
    if found and found[1]:
        return []
    if found:
        text = _("Verksamhetsåret %(year)s i %(region)s har inga utvecklingsområden ännu")
        url = _admin("biblioteksportal_year_change", found[0])
    else:
        text = _("Inget verksamhetsår %(year)s i %(region)s")
        url = _admin("biblioteksportal_year_add", region=region.pk, year=year)
    before = years.get((region.pk, year - 1))
    if before and before[1]:
        url = _admin("biblioteksportal_year_copy", before[0])
    return [Item(text % {"year": year, "region": region}, url)]


def frame_counts(year):
    """How many development areas, goals and activities the year's frame has."""
    return Year.objects.filter(pk=year.pk).aggregate(
        areas=Count("area_years", distinct=True),
        goals=Count("area_years__goals", distinct=True),
        activities=Count("area_years__activities", distinct=True),
    )
