"""The public face: the region chooser at the root, each region's page of public services and
its accessibility statement."""

from django.contrib.auth import SESSION_KEY
from django.shortcuts import get_object_or_404, render

from . import views
from .choices import AssessmentMethod, ShortcomingReason
from .models import AccessibilityStatement, Region


def start(request):
    """The root: a logged-in user's start page; anyone else chooses a region. A user whom the
    second factor hides until verified (otp.require_second_factor) is logged in all the same:
    home's login_required sends them to verify."""
    if request.user.is_authenticated or SESSION_KEY in request.session:
        return views.home(request)
    return render(request, "public/start.html", {"regions": Region.objects.order_by("name")})


def region_page(request, region):
    """Every public service of the region, with its identity."""
    region = get_object_or_404(Region, slug=region)
    return render(request, "public/region.html", {"region": region})


def accessibility(request, region):
    """The region's accessibility statement, its shortcomings grouped by reason."""
    region = get_object_or_404(Region, slug=region)
    statement = (
        AccessibilityStatement.objects.filter(region=region)
        .prefetch_related("shortcomings")
        .first()
    )
    context = {"region": region, "statement": statement}
    if statement:
        shortcomings = list(statement.shortcomings.all())
        context["third_party"] = statement.method == AssessmentMethod.THIRD_PARTY
        context["groups"] = [
            (reason.label, rows)
            for reason in ShortcomingReason
            if (rows := [s for s in shortcomings if s.reason == reason])
        ]
    return render(request, "public/accessibility.html", context)
