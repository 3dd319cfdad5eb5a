from django.contrib import admin

from biblioteksportal.admin import PortalAdmin, PortalInline

from . import services
from .forms import ExtensionForm, LibraryPlanForm, ReportAdminForm
from .models import LibraryPlan, PlanExtension, ReminderLog, Report, SurveyRound


class ExtensionInline(PortalInline, admin.TabularInline):
    """Read-only here: an extension is added on its own page, which moves the end date."""

    model = PlanExtension
    fields = ["decision_date", "adopted_by", "previous_end", "new_end"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_add_permission


@admin.register(LibraryPlan)
class LibraryPlanAdmin(PortalAdmin):
    form = LibraryPlanForm
    list_display = ["title", "municipality", "adopted_by", "start", "end"]
    list_filter = ["region", "adopted_by", "municipality"]
    search_fields = ["title", "municipality__name", "notes"]
    autocomplete_fields = ["region", "municipality"]
    list_select_related = ["municipality", "region"]
    inlines = [ExtensionInline]


@admin.register(PlanExtension)
class PlanExtensionAdmin(PortalAdmin):
    form = ExtensionForm
    list_display = ["plan", "decision_date", "previous_end", "new_end"]
    list_select_related = ["plan__municipality", "plan__region"]
    autocomplete_fields = ["plan"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        extension = services.extend_plan(
            data["plan"], data["adopted_by"], data["decision_date"], data["new_end"]
        )
        obj.pk = extension.pk


class ReportInline(PortalInline, admin.TabularInline):
    model = Report
    fields = ["municipality", "state"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyRound)
class SurveyRoundAdmin(PortalAdmin):
    list_display = ["title", "year", "deadline", "region"]
    list_filter = ["region", "year"]
    search_fields = ["title"]
    autocomplete_fields = ["region"]
    inlines = [ReportInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            services.open_round(obj)


@admin.register(Report)
class ReportAdmin(PortalAdmin):
    form = ReportAdminForm
    list_display = ["municipality", "round", "state", "drafting", "modified"]
    list_filter = ["state", "round"]
    search_fields = ["municipality__name", "plan_title", "comment"]
    list_select_related = ["municipality", "round"]
    readonly_fields = ["round", "municipality", "state", "submitted", "plan", "version"]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(PortalAdmin):
    list_display = ["created", "kind", "municipality", "recipient", "subject"]
    list_filter = ["kind", "municipality"]
    search_fields = ["recipient", "subject"]
    list_select_related = ["municipality"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
