from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from .access import readers, role_of
from .areas import area_apps
from .models import Activity, AreaYear, Region, Year


@login_required
def home(request):
    years = Year.objects.for_user(request.user).select_related("region")
    areas = [
        (config.verbose_name, config.home_links(request.user))
        for config in area_apps()
        if hasattr(config, "home_links")
    ]
    context = {"years": years, "role": role_of(request.user), "areas": areas}
    return render(request, "home.html", context)


def year_queryset(user):
    """Everything the year page shows, in a fixed number of queries."""
    activities = Activity.objects.prefetch_related("responsible", "municipalities")
    area_years = (
        AreaYear.objects.select_related("area")
        .order_by("area__position")
        .prefetch_related(
            "partners", "goals", "outcomes", Prefetch("activities", queryset=activities)
        )
    )
    return (
        Year.objects.for_user(user)
        .select_related("region")
        .prefetch_related(Prefetch("area_years", queryset=area_years))
    )


@readers
def year_detail(request, year):
    year = get_object_or_404(year_queryset(request.user), year=year)
    for area_year in year.area_years.all():
        children = defaultdict(list)
        for activity in area_year.activities.all():
            children[activity.parent_id].append(activity)
        for activity in area_year.activities.all():
            activity.subactivities = children[activity.pk]
        area_year.top_activities = children[None]
    return render(request, "year_detail.html", {"year": year})


def about_index(request):
    regions = list(Region.objects.order_by("name"))
    if len(regions) == 1:
        return redirect("about", slug=regions[0].slug)
    return render(request, "about_index.html", {"regions": regions})


def about(request, slug):
    region = get_object_or_404(Region.objects.prefetch_related("intro_sections"), slug=slug)
    return render(request, "about.html", {"region": region})
