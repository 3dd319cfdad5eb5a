"""Who may do what: the one policy of the portal.

Views ask `can(user, action, municipality)` or guard themselves with `requires(action)`;
templates get the answers as booleans. A superuser is regional staff of every region; a page
of one region shows a superuser who sees several regions a choice (`one_region`).
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from .choices import Role


def role_of(user):
    """The user's role, or None for anonymous users and users without one."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.REGIONAL_STAFF
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


OWN = "own"  # a municipality's own pages (its plan report): every role, for its municipality
VIEW = "view"  # the county's pages: dashboards, registers, follow-up
CHANGE = "change"  # edit, import, and download personal data
REVIEW = "review"  # return or approve a municipality's report
REPORT = "report"  # write and submit a municipality's report
ENTER = "enter"  # enter a municipality's values in a follow-up round

RIGHTS = {
    OWN: set(Role),
    VIEW: {Role.REGIONAL_STAFF, Role.LIBRARY_HEAD},
    CHANGE: {Role.REGIONAL_STAFF},
    REVIEW: {Role.REGIONAL_STAFF},
    REPORT: {Role.REGIONAL_STAFF, Role.REPORTER},
    ENTER: {Role.REGIONAL_STAFF, Role.LIBRARY_HEAD, Role.REPORTER},
}


def can(user, action, municipality=None):
    """Whether the user may do `action`, for `municipality` if given: regional staff for any
    municipality of their region (a superuser: of every region), the other roles for their
    own municipality only."""
    role = role_of(user)
    if not user.is_active or role not in RIGHTS[action]:
        return False
    if municipality is None or user.is_superuser:
        return True
    if role == Role.REGIONAL_STAFF:
        return municipality.region_id == user.profile.region_id
    return municipality.pk == user.profile.municipality_id


def sees_several_regions(user):
    """Whether the user may see more than one region's rows (a superuser, once there are
    two regions); kept on the user object for the rest of the request."""
    if not hasattr(user, "_sees_several_regions"):
        from .models import Region

        user._sees_several_regions = Region.objects.for_user(user)[:2].count() > 1
    return user._sees_several_regions


def requires(action):
    """Anonymous users go to the login page; a logged-in user without the right gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


readers = requires(VIEW)
staff_only = requires(CHANGE)
any_role = requires(OWN)


def one_region(view):
    """The decorator of a page of one region: the view gets the region after the request
    (`page_region`); a superuser who sees several regions and has chosen none chooses first."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        region = page_region(request)
        if region is None:
            return _choose_region(request)
        return view(request, region, *args, **kwargs)

    return wrapped


def page_region(request):
    """The region whose records a page of one region shows: the user's own; for a superuser
    the one chosen with ?region=<slug> or the only one, else None."""
    from django.shortcuts import get_object_or_404

    from .models import Region

    profile = getattr(request.user, "profile", None)
    if not request.user.is_superuser:
        return profile.region
    slug = request.GET.get("region")
    if slug:
        return get_object_or_404(Region, slug=slug)
    regions = list(Region.objects.order_by("name")[:2] if not profile else [profile.region])
    return regions[0] if len(regions) == 1 else None


def _choose_region(request):
    from django.shortcuts import render

    from .models import Region

    links = []
    for region in Region.objects.order_by("name"):
        query = request.GET.copy()
        query["region"] = region.slug
        links.append((region, f"?{query.urlencode()}"))
    return render(request, "choose_region.html", {"links": links})


def landing_municipality(user):
    """The municipality whose page a user lands on after logging in: a library head's own."""
    profile = getattr(user, "profile", None)
    if profile and profile.role == Role.LIBRARY_HEAD:
        return profile.municipality
    return None


class PortalBackend(ModelBackend):
    """Django's own, loading the user's role (Profile) with the user: one query less on
    every page."""

    def get_user(self, user_id):
        try:
            user = (
                get_user_model()._default_manager.select_related("profile__region").get(pk=user_id)
            )
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
