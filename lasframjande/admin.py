from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from biblioteksportal.admin import PortalAdmin, PortalInline
from biblioteksportal.choices import AreaApp
from biblioteksportal.models import Activity

from . import services
from .choices import ModerationStatus
from .models import (
    ArenaParticipation,
    LiteraryActor,
    Method,
    MethodLink,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)


@admin.register(NetworkMember)
class NetworkMemberAdmin(PortalAdmin):
    list_display = ["organisation", "kind", "municipality", "contact_name", "since"]
    list_filter = ["kind", "municipality"]
    search_fields = ["organisation__name", "contact_name"]
    autocomplete_fields = ["region", "organisation", "municipality"]
    list_select_related = ["organisation", "municipality"]


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(PortalAdmin):
    list_display = ["date", "title"]
    search_fields = ["title", "notes"]
    autocomplete_fields = ["region", "attendees"]
    date_hierarchy = "date"


class MethodLinkInline(PortalInline, admin.TabularInline):
    model = MethodLink


@admin.register(Method)
class MethodAdmin(PortalAdmin):
    list_display = ["name", "added"]
    search_fields = ["name", "description", "where_used"]
    autocomplete_fields = ["region"]
    inlines = [MethodLinkInline]


@admin.register(Project)
class ProjectAdmin(PortalAdmin):
    list_display = ["name", "phase", "start", "end"]
    list_filter = ["phase"]
    search_fields = ["name", "description", "goals"]
    autocomplete_fields = ["region", "partners", "methods", "activities"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "activities":
            kwargs["queryset"] = Activity.objects.for_user(request.user).filter(
                area_year__area__app=AreaApp.LASFRAMJANDE
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ArenaParticipationInline(PortalInline, admin.TabularInline):
    model = ArenaParticipation


@admin.register(WritingArena)
class WritingArenaAdmin(PortalAdmin):
    list_display = ["title", "kind", "start", "place", "municipality", "organiser"]
    list_filter = ["kind", "municipality"]
    search_fields = ["title", "place", "organiser"]
    autocomplete_fields = ["region", "municipality"]
    list_select_related = ["municipality"]
    date_hierarchy = "start"
    inlines = [ArenaParticipationInline]


@admin.register(LiteraryActor)
class LiteraryActorAdmin(PortalAdmin):
    """The moderation queue: filter on "Väntar på granskning", then approve or reject."""

    list_display = ["name", "status", "show_in_directory", "municipality", "created"]
    list_filter = ["status", "show_in_directory", "is_fictitious", "municipality"]
    search_fields = ["name", "email", "description"]
    autocomplete_fields = ["region", "municipality"]
    list_select_related = ["municipality"]
    # Consent is the actor's to give: staff can neither grant it nor fake its date.
    readonly_fields = ["show_in_directory", "consented_at", "status", "moderated_at", "created"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # actors register themselves, with their own consent

    def _moderate(self, request, queryset, status):
        changed = services.moderate(queryset, status)
        self.message_user(
            request,
            ngettext("%(count)d aktör: %(status)s.", "%(count)d aktörer: %(status)s.", changed)
            % {"count": changed, "status": ModerationStatus(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Godkänn markerade aktörer"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, ModerationStatus.APPROVED)

    @admin.action(description=_("Avböj markerade aktörer"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, ModerationStatus.REJECTED)
