from collections import defaultdict
from copy import copy

from axes.admin import AccessAttemptAdmin, AccessLogAdmin  # registers them, unregistered below
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin  # noqa: F401 (registers it)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # noqa: F401 (registers it)
from django_otp.plugins.otp_totp.models import TOTPDevice
from pghistory.models import Events
from procrastinate.contrib.django.admin import ProcrastinateEventInline, ProcrastinateJobAdmin
from procrastinate.contrib.django.models import ProcrastinateJob

from . import mail, otp, services
from .access import CHANGE, can
from .admin_queries import frame_counts
from .choices import Compliance, ShortcomingReason
from .documents import DocumentInput, show_stored
from .models import (
    AccessibilityShortcoming,
    AccessibilityStatement,
    Activity,
    AreaYear,
    DevelopmentArea,
    Goal,
    IntroSection,
    Library,
    MailLog,
    Municipality,
    Organisation,
    Outcome,
    Person,
    Profile,
    Region,
    Responsibility,
    Staffing,
    Year,
)
from .sites import choice_label

EVENT_LABELS = {
    "insert": _("skapad"),
    "update": _("ändrad"),
    "delete": _("borttagen"),
    "add": _("tillagd"),
    "remove": _("borttagen"),
}


def _event_model_name(model):
    """The tracked model's name; for a many-to-many relation's table, its model's and field's."""
    owner = model._meta.auto_created
    if not owner:
        return capfirst(model._meta.verbose_name)
    field = next(f for f in owner._meta.many_to_many if f.remote_field.through is model)
    return f"{capfirst(owner._meta.verbose_name)}: {field.verbose_name}"


def _field_label(model, field):
    if model._meta.auto_created and field.is_relation:  # a many-to-many table's keys
        return capfirst(field.related_model._meta.verbose_name)
    return capfirst(field.verbose_name)


class EventValues:
    """The stored values of audit events as the forms show them: a choice by its label, a
    related object by its name (of the objects the user may see, one query per related
    model), yes or no, and "–" for nothing."""

    def __init__(self, events, user):
        self.fields = {}
        keys = defaultdict(set)
        for event in events:
            fields = self.fields_of(event)
            for column, values in self.values_of(event):
                field = fields.get(column)
                if field is not None and field.is_relation:
                    keys[field.related_model].update(v for v in values if v is not None)
        self.names = {}
        for model, pks in keys.items():
            visible = getattr(model.objects, "for_user", None)
            qs = visible(user) if visible else model._base_manager.all()
            self.names[model] = {obj.pk: str(obj) for obj in qs.filter(pk__in=pks)}

    def fields_of(self, event):
        if event.pgh_obj_model not in self.fields:
            model = apps.get_model(event.pgh_obj_model)
            self.fields[event.pgh_obj_model] = {f.column: f for f in model._meta.concrete_fields}
        return self.fields[event.pgh_obj_model]

    @staticmethod
    def values_of(event):
        """(column, values): the old and new value of each changed field, else each value."""
        if event.pgh_diff:
            return event.pgh_diff.items()
        return [(column, [value]) for column, value in event.pgh_data.items()]

    def rows(self, event):
        """(label, values) of the event's fields, in the model's order."""
        model = apps.get_model(event.pgh_obj_model)
        values = dict(self.values_of(event))
        return [
            (_field_label(model, field), [self.show(field, v) for v in values[column]])
            for column, field in self.fields_of(event).items()
            if column in values
        ]

    def show(self, field, value):
        if value is None or value == "":
            return "–"
        if field.is_relation:
            return self.names[field.related_model].get(value, str(value))
        if isinstance(value, bool):
            return gettext("ja") if value else gettext("nej")
        choices = field.flatchoices or getattr(
            getattr(field, "base_field", None), "flatchoices", None
        )
        if choices:
            labels = dict(choices)
            if isinstance(value, list):
                return ", ".join(str(labels.get(v, v)) for v in value)
            return labels.get(value, value)
        return value


def history_rows(obj, user):
    """The object's audit events, newest first: when, who, what, old → new, in the words of
    its forms (field labels, choice labels, related objects' names)."""
    events = list(Events.objects.references(obj).order_by("-pgh_created_at", "-pgh_id"))
    user_ids = {(e.pgh_context or {}).get("user") for e in events} - {None}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    values = EventValues(events, user)
    return [
        {
            "when": event.pgh_created_at,
            "who": users.get((event.pgh_context or {}).get("user")),
            "url": (event.pgh_context or {}).get("url"),
            "what": _event_model_name(apps.get_model(event.pgh_obj_model)),
            "label": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
            "changes": values.rows(event) if event.pgh_diff else None,
            "data": values.rows(event) if not event.pgh_diff else None,
        }
        for event in events
    ]


# One labelled date-and-time input instead of the admin's unlabelled split pair.
DATETIME_LOCAL = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    }
}


class RegionalStaffMixin:
    """Only regional staff edit, and every choice offered is scoped to their region."""

    def has_view_permission(self, request, obj=None):
        return can(request.user, CHANGE)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission

    def _scoped(self, db_field, request, kwargs):
        related = db_field.related_model
        if "queryset" not in kwargs and hasattr(related.objects, "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return kwargs

    def _labelled(self, field, request):
        if field is not None:
            field.label_from_instance = choice_label(request.user)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._scoped(db_field, request, kwargs)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._labelled(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._scoped(db_field, request, kwargs)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._labelled(field, request)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A filter on a related field that offers only the objects the user may see."""

    def field_choices(self, field, request, model_admin):
        visible = field.related_model.objects.for_user(request.user)
        if ordering := self.field_admin_ordering(field, request, model_admin):
            visible = visible.order_by(*ordering)
        label = choice_label(request.user)
        return [(obj.pk, label(obj)) for obj in visible]


def confirmed(request):
    """Whether an action that mails many has been confirmed on its page (`confirm_mailing`)."""
    return request.POST.get("post") == "yes"


def confirm_mailing(model_admin, request, action, selected, count, columns, rows, **context):
    """The page an action that mails many shows first, as Django's delete_selected does: a
    table (`rows` of (row header, cells) under `columns`), how many mails will be sent, and a
    button that posts the `selected` objects' ids back with post=yes. Optional: `caption`,
    `described` (a line above the table), `note`, `confirm_label`, `may_confirm`."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": getattr(model_admin, action).short_description,
        "opts": model_admin.opts,
        "action": action,
        "selected": selected,
        "columns": columns,
        "rows": rows,
        "count": count,
        "confirm_label": _("Ja, skicka"),
        "may_confirm": bool(count),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, "admin/confirm_mail.html", context)


class PortalAdmin(RegionalStaffMixin, admin.ModelAdmin):
    object_history_template = "admin/audit_history.html"
    formfield_overrides = DATETIME_LOCAL

    def get_list_filter(self, request):
        return [
            (name, ScopedRelatedFilter)
            if isinstance(name, str) and get_fields_from_path(self.model, name)[-1].is_relation
            else name
            for name in super().get_list_filter(request)
        ]

    def has_module_permission(self, request):
        return can(request.user, CHANGE)

    def get_changeform_initial_data(self, request):
        """Django's initial values from the query (`?region=1`), without a related field's
        value that is no key: the choice widget would look it up and fail (a 500)."""
        initial = super().get_changeform_initial_data(request)
        related = {f.name: f for f in self.model._meta.get_fields() if f.is_relation and f.concrete}
        for name in initial.keys() & related.keys():
            keys = initial[name] if isinstance(initial[name], list) else [initial[name]]
            try:
                for key in keys:
                    related[name].target_field.to_python(key)
            except ValidationError:
                del initial[name]
        return initial

    def get_queryset(self, request):
        qs = self.model.objects.for_user(request.user)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Historik: %s") % obj,
            "object": obj,
            "opts": self.opts,
            "rows": history_rows(obj, request.user),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)


class PortalInlineFormSet(BaseInlineFormSet):
    """Names every field by its label (a table row's inputs have none but the column
    header) and checks every changed row's unique and exclusion constraints with its
    parent, against the saved rows and the rows above it, with a Swedish error at the row.

    Django leaves the parent out of an inline row's constraint checks (so a constraint that
    names it, such as an overlap of one person's memberships of a group, was never checked)
    and compares rows with each other for plain unique fields only. Here the rows are saved
    in order in a savepoint, each checked before it is saved, and the savepoint is rolled
    back.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's wrapper
            if field.label:
                widget.attrs.setdefault("aria-label", field.label)

    def clean(self):
        super().clean()
        rows = [f for f in self.forms if f.has_changed() and f.is_valid()]
        rows = [f for f in rows if f not in self.deleted_forms]
        if not rows or not self.model._meta.constraints:
            return
        with transaction.atomic():
            try:
                with transaction.atomic():
                    parent = self._saved_parent()
            except DatabaseError:
                parent = None  # the parent's own form tells what is wrong with it
            for form in rows if parent else []:
                row = copy(form.instance)
                setattr(row, self.fk.name, parent)
                try:
                    row.validate_constraints(
                        exclude=form._get_validation_exclusions() - {self.fk.name}
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    row.save()
            transaction.set_rollback(True)

    def _saved_parent(self):
        """The parent as it will be saved, with the rows marked for deletion gone."""
        parent = copy(self.instance)
        if parent.pk is None:
            parent.save()
        deleted = [f.instance.pk for f in self.deleted_forms if f.instance.pk]
        self.model._base_manager.filter(pk__in=deleted).delete()
        return parent


class PortalInline(RegionalStaffMixin):
    extra = 0
    formset = PortalInlineFormSet


class RegionForm(forms.ModelForm):
    class Meta:
        widgets = {"logo": DocumentInput(attrs={"accept": "image/png,image/svg+xml"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        show_stored(self, "logo", "region-logo", _("Logotyp"))


class MunicipalityInline(PortalInline, admin.TabularInline):
    model = Municipality
    fields = ["name", "code"]
    show_change_link = True


class LibraryInline(PortalInline, admin.TabularInline):
    """The region's libraries (a library's region is its own key), each in one of the
    region's municipalities, or none for one the region runs."""

    model = Library
    fields = ["name", "kind", "municipality"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        self.region = obj  # an inline is made for each request (get_inline_instances)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            visible = Municipality.objects.for_user(request.user)
            kwargs["queryset"] = visible.filter(region=self.region)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "municipality":
            field.choices = list(field.choices)  # read once, not once per row
        return field


@admin.register(Region)
class RegionAdmin(PortalAdmin):
    form = RegionForm
    inlines = [MunicipalityInline, LibraryInline]
    list_display = ["name", "code", "portal_name", "unit_name"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "code", "slug"]}),
        (
            _("Identitet på sidor, i e-post och dokument"),
            {"fields": ["portal_name", "unit_name", "logo", "contact", "sender_name", "signatory"]},
        ),
        (_("Öppna data"), {"fields": ["open_data_licence"]}),
    ]


@admin.register(Municipality)
class MunicipalityAdmin(PortalAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]


@admin.register(Library)
class LibraryAdmin(PortalAdmin):
    list_display = ["name", "kind", "municipality", "region"]
    list_filter = ["kind", "region", "municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["region", "municipality"]
    list_select_related = ["municipality", "region"]


@admin.register(Organisation)
class OrganisationAdmin(PortalAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class StaffingInline(PortalInline, admin.TabularInline):
    model = Staffing
    autocomplete_fields = ["responsibility"]


@admin.register(Person)
class PersonAdmin(PortalAdmin):
    list_display = ["name", "email", "municipality", "organisation"]
    list_filter = ["region", "municipality"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["region", "municipality", "organisation"]
    list_select_related = ["municipality", "organisation"]
    inlines = [StaffingInline]


@admin.register(Responsibility)
class ResponsibilityAdmin(PortalAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


@admin.register(Staffing)
class StaffingAdmin(PortalAdmin):
    list_display = ["person", "responsibility", "employment", "percent", "start", "end"]
    list_filter = ["employment", "person__region"]
    search_fields = ["person__name", "responsibility__name"]
    autocomplete_fields = ["person", "responsibility"]
    list_select_related = ["person", "responsibility"]
    date_hierarchy = "start"


@admin.register(DevelopmentArea)
class DevelopmentAreaAdmin(PortalAdmin):
    list_display = ["name", "app", "region", "position"]
    list_filter = ["region", "app"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]


class AreaYearInline(PortalInline, admin.TabularInline):
    model = AreaYear
    fields = ["area", "intro"]
    show_change_link = True
    autocomplete_fields = ["area"]


@admin.register(Year)
class YearAdmin(PortalAdmin):
    list_display = ["year", "region"]
    list_filter = ["region"]
    search_fields = ["year"]
    autocomplete_fields = ["region"]
    inlines = [AreaYearInline]
    actions = ["copy_to_next_year"]
    change_form_template = "admin/year_change_form.html"

    def get_urls(self):
        copy_view = self.admin_site.admin_view(self.copy_view)
        return [
            path("<path:object_id>/kopiera/", copy_view, name="biblioteksportal_year_copy"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Kopiera ramen till nästa år som utkast"))
    def copy_to_next_year(self, request, queryset):
        years = list(queryset[:2])
        if len(years) != 1:
            self.message_user(request, _("Välj ett verksamhetsår att kopiera."), messages.WARNING)
            return None
        return redirect("admin:biblioteksportal_year_copy", years[0].pk)

    def copy_view(self, request, object_id):
        """Copies the year's frame into the next year (`services.copy_frame`) after a
        confirmation that says what is copied, or why it cannot be."""
        year = self.get_object(request, admin.utils.unquote(object_id))
        if year is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        refusal = services.next_year_refusal(year)
        if request.method == "POST" and refusal is None:
            try:
                target = services.copy_frame(year)
            except ValidationError as error:
                refusal = error.messages[0]
            else:
                message = _("Ramen för %(year)s är kopierad till %(next)s som utkast.")
                self.message_user(request, message % {"year": year.year, "next": target.year})
                return redirect("admin:biblioteksportal_year_change", target.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kopiera ramen för %(year)s till %(next)s")
            % {"year": year.year, "next": year.year + 1},
            "opts": self.opts,
            "object": year,
            "refusal": refusal,
            "counts": frame_counts(year),
        }
        return TemplateResponse(request, "admin/copy_frame.html", context)


class GoalInline(PortalInline, admin.TabularInline):
    model = Goal
    fields = ["position", "kind", "text"]


class ActivityInline(PortalInline, admin.StackedInline):
    model = Activity
    fields = [
        ("position", "title", "parent"),
        ("status", "status_reason"),
        ("start", "end"),
        "goals",
        "responsible",
        "partners",
        "municipalities",
        "description",
    ]
    autocomplete_fields = ["parent", "responsible", "partners", "municipalities"]
    show_change_link = True

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "goals":
            parent_pk = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Goal.objects.for_user(request.user).filter(area_year=parent_pk)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OutcomeInline(PortalInline, admin.StackedInline):
    model = Outcome
    max_num = 1


@admin.register(AreaYear)
class AreaYearAdmin(PortalAdmin):
    list_display = ["area", "year"]
    list_filter = ["year__year", "area__app"]
    search_fields = ["area__name", "intro"]
    autocomplete_fields = ["area", "year", "partners"]
    list_select_related = ["area", "year__region"]
    inlines = [GoalInline, ActivityInline, OutcomeInline]


@admin.register(Goal)
class GoalAdmin(PortalAdmin):
    list_display = ["text", "kind", "area_year"]
    list_filter = ["kind", "area_year__year__year", "area_year__area__app"]
    search_fields = ["text"]
    autocomplete_fields = ["area_year"]
    list_select_related = ["area_year__area", "area_year__year"]


@admin.register(Activity)
class ActivityAdmin(PortalAdmin):
    list_display = ["title", "status", "area_year", "start", "end"]
    list_filter = ["status", "area_year__year__year", "area_year__area__app"]
    search_fields = ["title", "description", "status_reason"]
    autocomplete_fields = [
        "area_year",
        "parent",
        "goals",
        "responsible",
        "partners",
        "municipalities",
    ]
    list_select_related = ["area_year__area", "area_year__year"]


@admin.register(Outcome)
class OutcomeAdmin(PortalAdmin):
    list_display = ["area_year"]
    list_filter = ["area_year__year__year", "area_year__area__app"]
    search_fields = ["narrative"]
    autocomplete_fields = ["area_year"]
    list_select_related = ["area_year__area", "area_year__year"]


@admin.register(IntroSection)
class IntroSectionAdmin(PortalAdmin):
    list_display = ["number", "title", "region", "position"]
    list_filter = ["region"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["region"]


class ShortcomingFormSet(PortalInlineFormSet):
    """The shortcomings agree with the statement's compliance: a fully compliant service has
    none that fails the requirements, and any other names at least one."""

    FAILING = {ShortcomingReason.NON_COMPLIANCE, ShortcomingReason.DISPROPORTIONATE_BURDEN}

    def clean(self):
        super().clean()
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data]
        failing = any(r.get("reason") in self.FAILING and not r.get("DELETE") for r in rows)
        compliance = self.instance.compliance
        if compliance == Compliance.FULL and failing:
            raise ValidationError(
                _(
                    "En webbplats som är helt förenlig med lagkraven har ingen bristande "
                    "förenlighet och ingen oskäligt betungande anpassning."
                )
            )
        if compliance in (Compliance.PARTIAL, Compliance.NONE) and not failing:
            raise ValidationError(
                _(
                    "Beskriv minst en brist (bristande förenlighet eller oskäligt betungande "
                    "anpassning) när webbplatsen inte är helt förenlig med lagkraven."
                )
            )


class AccessibilityShortcomingInline(PortalInline, admin.StackedInline):
    model = AccessibilityShortcoming
    formset = ShortcomingFormSet
    fields = ["reason", "description", "criteria", "explanation", "fix_by", "position"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(PortalAdmin):
    list_display = ["service", "region", "compliance", "reviewed"]
    list_filter = ["region", "compliance"]
    autocomplete_fields = ["region"]
    inlines = [AccessibilityShortcomingInline]
    fieldsets = [
        (None, {"fields": ["region", "public_body", "service", "compliance"]}),
        (_("Bedömning"), {"fields": ["method", "assessor", "assessed", "prepared", "reviewed"]}),
        (_("Synpunkter"), {"fields": ["feedback_email", "feedback_url", "response_days"]}),
    ]


@admin.register(MailLog)
class MailLogAdmin(PortalAdmin):
    """The portal's sent mail, read-only; a failed one can be sent again."""

    list_display = ["created", "kind", "recipient", "about", "status", "attempts", "sent"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject"]
    list_select_related = ["content_type"]
    exclude = ["body"]  # may hold a personal link until sent
    actions = ["send_again"]

    @admin.display(description=_("avser"))
    def about(self, log):
        return f"{log.content_type.name} {log.object_id}" if log.content_type else "–"

    @admin.action(description=_("Skicka igen"))
    def send_again(self, request, queryset):
        sent = mail.retry(queryset)
        message = ngettext("%(n)d meddelande skickades.", "%(n)d meddelanden skickades.", sent) % {
            "n": sent
        }
        self.message_user(request, message, messages.SUCCESS if sent else messages.WARNING)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProfileInline(admin.StackedInline):
    model = Profile
    formset = PortalInlineFormSet
    autocomplete_fields = ["region", "municipality"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    readonly_fields = ["is_staff"]  # follows the role (Profile.save)
    formfield_overrides = DATETIME_LOCAL
    actions = ["reset_second_factor"]

    @admin.action(description=_("Återställ tvåfaktorsinloggning"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """The recovery of a user who lost their phone and backup codes (README: Second
        factor): their devices are deleted and they enrol again at their next login."""
        for user in queryset:
            otp.reset(user, request, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Tvåfaktorsinloggningen återställd för %(count)d användare.",
                "Tvåfaktorsinloggningen återställd för %(count)d användare.",
                len(queryset),
            )
            % {"count": len(queryset)},
        )


# The device admins of django-otp show the users' keys; the user admin's action resets them.
admin.site.unregister([TOTPDevice, StaticDevice])


class LoginRecordAdmin:
    """Axes' records of logins for regional staff, read-only: a superuser sees every record,
    regional staff those of their region's users. Deleting a user's failed attempts
    (AccessAttempt) lifts their lockout; a lockout of an address alone is a superuser's."""

    def has_view_permission(self, request, obj=None):
        return can(request.user, CHANGE)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        users = get_user_model().objects.filter(profile__region=request.user.profile.region_id)
        return qs.filter(username__in=users.values("username"))


admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog])  # axes' own (see imports)


@admin.register(AccessAttempt)
class PortalAccessAttemptAdmin(LoginRecordAdmin, AccessAttemptAdmin):
    def has_delete_permission(self, request, obj=None):
        return can(request.user, CHANGE)


@admin.register(AccessLog)
class PortalAccessLogAdmin(LoginRecordAdmin, AccessLogAdmin):
    pass


admin.site.unregister(ProcrastinateJob)  # the queue's own (see imports)


class QueueEventInline(ProcrastinateEventInline):
    formset = PortalInlineFormSet  # every inline's (the queue's is read-only)


@admin.register(ProcrastinateJob)
class QueueJobAdmin(ProcrastinateJobAdmin):
    """The queue's jobs, for superusers only: a job is no region's (README: The queue)."""

    inlines = [QueueEventInline]

    @admin.display(description="Args")
    def pretty_args(self, instance):
        """procrastinate's, with a class instead of an inline style (refused by the CSP)."""
        html = super().pretty_args(instance)
        return mark_safe(html.replace('<pre style="margin: 0">', '<pre class="job-args">', 1))

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
