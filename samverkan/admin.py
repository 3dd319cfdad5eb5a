from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from biblioteksportal.access import CHANGE, can, page_region
from biblioteksportal.admin import PortalAdmin, PortalInline
from biblioteksportal.documents import DocumentInput, check_size, show_stored

from . import services
from .choices import Weekday
from .models import (
    AgreementParty,
    AgreementVersion,
    BranchCode,
    Decision,
    LendingRule,
    LendingRuleSet,
    Meeting,
    Membership,
    Rollout,
    Route,
    SharedSystem,
    Stop,
    TransferImport,
    WorkGroup,
)


class PartyInline(PortalInline, admin.TabularInline):
    model = AgreementParty
    fields = ["municipality", "status", "date", "signatory"]


class AgreementVersionForm(forms.ModelForm):
    class Meta:
        widgets = {"document": DocumentInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_stored(self, "document", "samverkan:agreement-document", str(self.instance))


@admin.register(AgreementVersion)
class AgreementVersionAdmin(PortalAdmin):
    form = AgreementVersionForm
    list_display = ["title", "version", "status", "valid_from", "renewal_date"]
    list_filter = ["status"]
    search_fields = ["title", "version"]
    inlines = [PartyInline]
    actions = ["add_all_parties"]

    @admin.action(description=_("Lägg till alla kommuner och regionen som parter"))
    def add_all_parties(self, request, queryset):
        for agreement in queryset:
            services.add_parties(agreement)
        self.message_user(request, _("Parterna är tillagda."), messages.SUCCESS)


class MembershipInline(PortalInline, admin.TabularInline):
    model = Membership
    fields = ["person", "municipality", "role", "start", "end"]
    autocomplete_fields = ["person", "municipality"]


@admin.register(WorkGroup)
class WorkGroupAdmin(PortalAdmin):
    list_display = ["name", "start", "end"]
    search_fields = ["name", "mandate"]
    inlines = [MembershipInline]


class DecisionInline(PortalInline, admin.StackedInline):
    model = Decision
    fields = ["text", "activities"]
    autocomplete_fields = ["activities"]


class MeetingForm(forms.ModelForm):
    class Meta:
        widgets = {"minutes_file": DocumentInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = _("Minnesanteckningar (PDF)")
        show_stored(self, "minutes_file", "samverkan:meeting-minutes", name)


@admin.register(Meeting)
class MeetingAdmin(PortalAdmin):
    form = MeetingForm
    list_display = ["group", "date"]
    list_filter = ["group"]
    search_fields = ["agenda", "minutes", "group__name"]
    list_select_related = ["group"]
    date_hierarchy = "date"
    inlines = [DecisionInline]


class RolloutInline(PortalInline, admin.TabularInline):
    model = Rollout
    fields = ["municipality", "status", "go_live", "training", "notes"]


@admin.register(SharedSystem)
class SharedSystemAdmin(PortalAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    inlines = [RolloutInline]


class LendingRuleInline(PortalInline, admin.TabularInline):
    model = LendingRule
    fields = ["kind", "media_type", "value", "note"]


@admin.register(LendingRuleSet)
class LendingRuleSetAdmin(PortalAdmin):
    list_display = ["name", "effective_from"]
    search_fields = ["name", "notes"]
    inlines = [LendingRuleInline]


class RouteForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Veckodagar"),
        coerce=int,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en veckodag.")},
    )

    class Meta:
        model = Route
        fields = ["region", "name", "carrier", "weekdays", "start", "end"]


class StopInline(PortalInline, admin.TabularInline):
    model = Stop
    fields = ["position", "library", "place", "time"]


@admin.register(Route)
class RouteAdmin(PortalAdmin):
    form = RouteForm
    list_display = ["name", "carrier", "start", "end"]
    search_fields = ["name", "carrier"]
    inlines = [StopInline]


def initial_region(request):
    """The pk of the region a new record is for: the user's (a superuser's only or chosen
    one), or None for a superuser to choose in the form."""
    region = page_region(request)
    return region.pk if region else None


@admin.register(BranchCode)
class BranchCodeAdmin(PortalAdmin):
    list_display = ["code", "library"]
    search_fields = ["code", "library__name"]
    list_select_related = ["library"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"region": initial_region(request), **initial}


# The Koha report (Rapporter → Skapa från SQL) that joins the title and biblionumber in.
KOHA_REPORT = """SELECT bt.*, i.biblionumber, b.title
FROM branchtransfers bt
LEFT JOIN items i ON i.itemnumber = bt.itemnumber
LEFT JOIN biblio b ON b.biblionumber = i.biblionumber"""


class UploadForm(forms.ModelForm):
    class Meta:
        model = TransferImport
        fields = ["region", "file"]
        help_texts = {
            "file": format_lazy(
                "{}<pre>{}</pre>",
                _(
                    "CSV-export av tabellen branchtransfers från Kohas rapporter. Rapporten "
                    "nedan (Rapporter → Skapa från SQL) tar med titel och biblionumber, som "
                    "statistiken över titlar behöver. En fil som läses in igen fyller i titlar "
                    "som saknas hos överföringar som redan är inlästa."
                ),
                KOHA_REPORT,
            )
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Välj en CSV-fil att läsa in."))
        if not upload.size:
            raise forms.ValidationError(_("Filen är tom."))
        check_size(upload, "IMPORT_MAX_MB")  # before the header is read; the model checks the rest
        from .koha import FileError, Reader  # Arrow loads only in a process that imports

        try:
            Reader(upload)  # reads the header: refuses what is not a transfer export
        except FileError as error:
            raise forms.ValidationError(str(error)) from None
        finally:
            upload.seek(0)
        return upload


@admin.register(TransferImport)
class TransferImportAdmin(PortalAdmin):
    """Upload a Koha export: the file is stored and imported by a queue worker, and the
    upload goes on to a page that follows its progress."""

    list_display = ["file_name", "status", "rows_added", "bad_rows", "created"]
    list_filter = ["status"]
    upload_setting = "IMPORT_MAX_MB"  # a file's limit while it is received
    readonly_fields = [
        "stored_file",
        "status",
        "rows_read",
        "rows_added",
        "rows_known",
        "bad_rows",
        "message",
        "encoding",
        "delimiter",
        "started",
        "finished",
        "created_by",
    ]

    @admin.display(description=_("fil"))
    def stored_file(self, obj):
        """The stored export by its uploaded name, linked to the access-checked view."""
        if not obj.file:
            return "–"
        url = reverse("samverkan:import-file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.file_name)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = UploadForm
            kwargs["fields"] = ["region", "file"]
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["region", "file"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request):
        return {"region": initial_region(request)}

    def has_change_permission(self, request, obj=None):
        return obj is None and can(request.user, CHANGE)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data["file"]
        obj.file_name, obj.size, obj.created_by = upload.name[:255], upload.size, request.user
        super().save_model(request, obj, form, change)
        services.schedule_import(obj)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect(reverse("samverkan:import", args=[obj.pk]))
