"""Who may do what: the three roles of the portal."""

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


def is_regional_staff(user):
    return user.is_active and role_of(user) == Role.REGIONAL_STAFF


def sees_several_regions(user):
    """Whether the user may see more than one region's rows (a superuser, once there are
    two regions); kept on the user object for the rest of the request."""
    if not hasattr(user, "_sees_several_regions"):
        from .models import Region

        user._sees_several_regions = Region.objects.for_user(user)[:2].count() > 1
    return user._sees_several_regions


def role_required(*roles):
    """Anonymous users go to the login page; a logged-in user of another role gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


readers = role_required(Role.REGIONAL_STAFF, Role.LIBRARY_HEAD)


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
