from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import report
from .access import readers, role_of
from .areas import area_apps
from .models import Region, Year


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


@readers
def year_detail(request, year):
    year = get_object_or_404(report.year_queryset(request.user), year=year)
    report.nest_activities(year)
    return render(request, "year_detail.html", {"year": year})


def _report(request, year, plan):
    year = get_object_or_404(report.year_queryset(request.user), year=year)
    context = report.build(year, plan=plan)
    name = f"{'verksamhetsplan' if plan else 'verksamhetsberattelse'}-{year.year}"
    match request.GET.get("format"):
        case "pdf":
            pdf = report.render_pdf(context, base_url=request.build_absolute_uri("/"))
            return _download(pdf, "application/pdf", f"{name}.pdf")
        case "docx":
            return _download(report.render_docx(context), DOCX, f"{name}.docx")
    return render(request, "report/page.html", context)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@readers
def annual_report(request, year):
    return _report(request, year, plan=False)


@readers
def activity_plan(request, year):
    return _report(request, year, plan=True)


def about_index(request):
    regions = list(Region.objects.order_by("name"))
    if len(regions) == 1:
        return redirect("about", slug=regions[0].slug)
    return render(request, "about_index.html", {"regions": regions})


def about(request, slug):
    region = get_object_or_404(Region.objects.prefetch_related("intro_sections"), slug=slug)
    return render(request, "about.html", {"region": region})
