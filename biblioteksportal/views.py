from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import (
    LoginView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
)
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import caching, dashboards, documents, publicforms, report, search, security, tables
from .access import CHANGE, REPORT, VIEW, can, landing_municipality, readers
from .areas import area_apps
from .followup import statistics
from .followup.models import Indicator
from .models import Library, Municipality, Region, Year
from .tables import Column, Table


@login_required
def home(request):
    years = list(_years(request.user))
    areas = [(config.verbose_name, config.home_links(request.user)) for config in area_apps()]
    context = {
        "years": years,
        "several_regions": len({year.region_id for year in years}) > 1,
        "can_view": can(request.user, VIEW),
        "can_change": can(request.user, CHANGE),
        "can_report": can(request.user, REPORT),
        "areas": areas,
    }
    return render(request, "home.html", context)


@readers
def year_detail(request, year):
    if request.GET.get("format") in tables.FORMATS:
        return _year_download(request, year)
    year, response = _one_year(request, _years(request.user), year)
    if response:
        return response

    def detail():
        full = report.year_queryset(request.user).get(pk=year.pk)
        report.nest_activities(full)
        return report.name_people_and_places(full)

    context = {
        "year": year,
        "region": year.region,
        "detail": SimpleLazyObject(detail),
        "fragment": caching.fragment(request, year.region_id),
    }
    return render(request, "year_detail.html", context)


def _year_download(request, year):
    year, response = _one_year(request, report.year_queryset(request.user), year)
    if response:
        return response
    report.name_people_and_places(year)
    titles = {a.pk: a.title for ay in year.area_years.all() for a in ay.activities.all()}
    activities = [(ay, a) for ay in year.area_years.all() for a in ay.activities.all()]
    columns = [
        Column(_("Område"), lambda row: row[0].area.name),
        Column(_("Aktivitet"), lambda row: row[1].title),
        Column(_("Del av"), lambda row: titles.get(row[1].parent_id, "")),
        Column(_("Status"), lambda row: row[1].get_status_display()),
        Column(_("Orsak"), lambda row: row[1].status_reason),
        Column(_("Ansvariga"), lambda row: ", ".join(row[1].people)),
        Column(_("Kommuner"), lambda row: ", ".join(row[1].places)),
        Column(_("Från"), lambda row: row[1].start),
        Column(_("Till"), lambda row: row[1].end),
    ]
    return tables.download(request, f"aktiviteter-{year.year}", Table(columns, activities))


def _report(request, year, plan):
    year, response = _one_year(request, report.year_queryset(request.user), year)
    if response:
        return response
    context = {**report.build(year, plan=plan), "region": year.region}
    name = f"{'verksamhetsplan' if plan else 'verksamhetsberattelse'}-{year.year}"
    return report.respond(request, context, name, "report/page.html", report.render_docx)


@readers
def annual_report(request, year):
    return _report(request, year, plan=False)


@readers
def activity_plan(request, year):
    return _report(request, year, plan=True)


def region_index(request, name, **kwargs):
    """A public page's address without its region (`name` takes `region` and `kwargs`): with
    one region that region's page, the query kept; with several, a choice of region."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    links = [
        (region, reverse(name, kwargs={"region": region.slug, **kwargs}) + query)
        for region in Region.objects.order_by("name")
    ]
    if len(links) == 1:
        return redirect(links[0][1])
    return render(request, "choose_region.html", {"links": links})


def about_index(request):
    regions = list(Region.objects.order_by("name"))
    if len(regions) == 1:
        return redirect("about", slug=regions[0].slug)
    return render(request, "about_index.html", {"regions": regions})


def about(request, slug):
    region = get_object_or_404(Region.objects.prefetch_related("intro_sections"), slug=slug)
    return render(request, "about.html", {"region": region})


def region_logo(request, pk):
    """A region's logo, public like its pages."""
    region = get_object_or_404(Region, pk=pk)
    return documents.serve(region.logo, region.portal_title)


class PortalLoginView(LoginView):
    """A library head lands on their own municipality's page."""

    def get_default_redirect_url(self):
        municipality = landing_municipality(self.request.user)
        if municipality:
            return reverse("municipality", args=[municipality.code])
        return super().get_default_redirect_url()


class PortalPasswordResetView(PasswordResetView):
    """Django's password reset, screened as a public form (honeypot and limits)."""

    form_class = publicforms.PasswordResetForm

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        verdict = form.screen(request)
        if verdict == publicforms.BOT:
            return redirect(self.get_success_url())
        if verdict == publicforms.ACCEPTED:
            security.log("password_reset_requested", request)
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form), status=form.status)


class PortalPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's new password from a reset link, in the security log."""

    def form_valid(self, form):
        security.log("password_reset", self.request, form.user)
        return super().form_valid(form)


class PortalPasswordChangeView(PasswordChangeView):
    """Django's password change, in the security log."""

    def form_valid(self, form):
        security.log("password_change", self.request, form.user)
        return super().form_valid(form)


def _years(user):
    return Year.objects.for_user(user).select_related("region")


def _of_region(request, years):
    """The years of the region chosen in ?region=<slug>, if one is (by a user who sees the
    years of several regions, a superuser)."""
    slug = request.GET.get("region")
    return years.filter(region__slug=slug) if slug else years


def _one_year(request, years, year):
    """(the year, None) of the chosen region, or (None, a page to choose the region) where the
    user sees that year in several regions and has not chosen one."""
    found = list(_of_region(request, years).filter(year=year))
    if not found:
        raise Http404
    if len(found) == 1:
        return found[0], None
    links = []
    for each in found:
        query = request.GET.copy()
        query["region"] = each.region.slug
        links.append((each.region, f"?{query.urlencode()}"))
    return None, render(request, "choose_region.html", {"year": year, "links": links})


def _pick_year(request, years, year, view, *args):
    """The year in the path, or the one asked for in ?ar=, or the latest (the rest of the
    query, such as the chosen region, is kept)."""
    wanted = request.GET.get("ar", "")
    if year is None or wanted.isdigit():
        if wanted.isdigit():
            year = int(wanted)
        else:
            latest = _of_region(request, years).order_by("-year")
            year = latest.values_list("year", flat=True).first()
        if year is None:
            return None, render(request, "no_years.html")
        query = request.GET.copy()
        query.pop("ar", None)
        url = reverse(view, args=[*args, year])
        return None, redirect(f"{url}?{query.urlencode()}" if query else url)
    return _one_year(request, years, year)


@readers
def dashboard(request, year=None):
    # whether the region has indicators, for the link to their dashboard: in the year's query
    has_indicators = Exists(Indicator.objects.filter(region=OuterRef("region")))
    years = _years(request.user).annotate(has_indicators=has_indicators)
    year, response = _pick_year(request, years, year, "dashboard")
    if response:
        return response
    sections = SimpleLazyObject(lambda: dashboards.county(year, request.user))
    name = f"lansoversikt-{year.year}"
    table = SimpleLazyObject(lambda: dashboards.table(sections))  # for a download only
    if response := tables.download(request, name, table):
        return response
    caption = _("Aktiviteter %(year)s per område och status") % {"year": year.year}
    context = {
        "year": year,
        "region": year.region,
        "years": years.filter(region=year.region_id).values_list("year", flat=True),
        "sections": sections,
        "status_chart": SimpleLazyObject(lambda: dashboards.status_chart(sections, caption)),
        "fragment": caching.fragment(request, year.region_id),
    }
    return render(request, "dashboard.html", context)


@readers
def municipality(request, code, year=None):
    municipality = get_object_or_404(
        Municipality.objects.for_user(request.user).select_related("region"), code=code
    )
    years = _years(request.user).filter(region=municipality.region_id)
    year, response = _pick_year(request, years, year, "municipality", code)
    if response:
        return response
    sections = SimpleLazyObject(lambda: dashboards.municipality(year, municipality, request.user))
    libraries = Library.objects.filter(municipality=municipality)
    name = f"kommun-{municipality.code}-{year.year}"
    table = SimpleLazyObject(lambda: dashboards.table(sections, libraries))  # for a download only
    if response := tables.download(request, name, table):
        return response
    caption = _("Aktiviteter %(year)s i %(municipality)s per område och status") % {
        "year": year.year,
        "municipality": municipality.name,
    }
    context = {
        "municipality": municipality,
        "region": municipality.region,
        "libraries": libraries,
        "municipalities": Municipality.objects.for_user(request.user).filter(
            region=municipality.region_id
        ),
        "year": year,
        "years": years.values_list("year", flat=True),
        "sections": sections,
        "status_chart": SimpleLazyObject(lambda: dashboards.status_chart(sections, caption)),
        "statistics": SimpleLazyObject(
            lambda: statistics.municipality_table(municipality, year.year)
        ),
        "fragment": caching.fragment(request, municipality.region_id),
    }
    return render(request, "municipality.html", context)


@login_required
def search_view(request):
    text = request.GET.get("q", "").strip()[:200]
    hits = search.search(text, request.user) if text else []
    return render(request, "search.html", {"q": text, "hits": hits})
