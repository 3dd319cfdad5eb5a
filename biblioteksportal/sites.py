from functools import reduce, update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .access import CHANGE, can, sees_several_regions
from .admin_queries import setup_steps


def choice_label(user):
    """How the admin names a choice for the user: with its region where they see several
    regions and the name does not already say it (two regions' "Bibliotekssamverkan")."""

    def label(obj):
        text = str(obj)
        lookup = getattr(obj, "region_lookup", None)
        if lookup in (None, "pk") or not sees_several_regions(user):
            return text
        region = str(reduce(getattr, lookup.split("__"), obj))
        return text if region in text else f"{text} ({region})"

    return label


class PortalAutocomplete(AutocompleteJsonView):
    """Django's autocomplete, each result named by choice_label, and kept to the region
    chosen on the form where the script static/js/admin-region.js sends it (`region`)."""

    def get_queryset(self):
        qs = super().get_queryset()
        region = self.request.GET.get("region", "")
        if region.isdigit() and "region" in {f.name for f in qs.model._meta.fields}:
            qs = qs.filter(region=region)
        return qs

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        return {**result, "text": choice_label(self.request.user)(obj)}


class PortalAdminSite(admin.AdminSite):
    """The admin is the regional staff's editing tool; no other role may enter."""

    site_title = _("Biblioteksportalen")
    index_title = _("Redigera portalens innehåll")
    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        """Django's index, with the steps of setting up a region and what is missing first."""
        return super().index(request, {"setup": setup_steps(request.user), **(extra_context or {})})

    def each_context(self, request):
        """The header names the portal of the user's region (none for a superuser without)."""
        profile = getattr(request.user, "profile", None)
        portal = profile.region.portal_title if profile else self.site_title
        return {
            **super().each_context(request),
            "site_header": _("%(portal)s – administration") % {"portal": portal},
        }

    def has_permission(self, request):
        """Regional staff with a verified second factor (biblioteksportal/otp.py)."""
        user = request.user
        return user.is_staff and can(user, CHANGE) and user.is_verified()

    def autocomplete_view(self, request):
        return PortalAutocomplete.as_view(admin_site=self)(request)

    def admin_view(self, view, cacheable=False):
        """Every model admin's view refuses an action's selection with a value that is no key
        of the model (Django's action would raise on it: a server error)."""
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            return super().admin_view(view, cacheable)

        def checked(request, *args, **kwargs):
            try:
                for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                    model_admin.model._meta.pk.to_python(value)
            except ValidationError:
                messages.error(request, _("Urvalet innehåller något som inte är en post här."))
                return redirect(request.get_full_path())
            return view(request, *args, **kwargs)

        return super().admin_view(update_wrapper(checked, view), cacheable)
