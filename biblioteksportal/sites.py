from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .access import is_regional_staff


class PortalAdminSite(admin.AdminSite):
    """The admin is the regional staff's editing tool; no other role may enter."""

    site_header = _("Bibliotek i Västmanland – administration")
    site_title = _("Biblioteksportalen")
    index_title = _("Redigera portalens innehåll")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff and is_regional_staff(request.user)
