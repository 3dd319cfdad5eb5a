from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from biblioteksportal.admin import PortalAdmin, PortalInline

from . import services
from .models import (
    AssessmentRound,
    Grant,
    Registration,
    Spending,
    Statement,
    Topic,
    TrainingEvent,
    Workshop,
)


@admin.register(Topic)
class TopicAdmin(PortalAdmin):
    search_fields = ["name"]


class RegistrationInline(PortalInline, admin.StackedInline):
    model = Registration
    fields = [("name", "email"), ("library", "status", "attended")]
    autocomplete_fields = ["library"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(PortalAdmin):
    list_display = ["title", "kind", "audience", "start", "place", "capacity", "status"]
    list_filter = ["kind", "audience", "status", "topics"]
    search_fields = ["title", "description", "place"]
    autocomplete_fields = ["region", "organiser", "partners", "topics"]
    date_hierarchy = "start"
    inlines = [RegistrationInline]
    actions = ["cancel_events"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.fill_places(form.instance, base_url=request.build_absolute_uri("/"))

    @admin.action(description=_("Ställ in valda tillfällen och meddela de anmälda"))
    def cancel_events(self, request, queryset):
        told = sum(
            services.cancel_event(event, base_url=request.build_absolute_uri("/"))
            for event in queryset
        )
        self.message_user(request, _("Inställt. %(n)d anmälda har fått e-post.") % {"n": told})


@admin.register(Registration)
class RegistrationAdmin(PortalAdmin):
    list_display = ["__str__", "event", "library", "status", "attended"]
    list_filter = ["status", "attended", "library__municipality"]
    search_fields = ["name", "email", "event__title"]
    autocomplete_fields = ["event", "library"]
    list_select_related = ["event", "library"]
    exclude = ["registered_by", "anonymised"]
    actions = ["cancel_registrations"]

    @admin.action(description=_("Avboka valda anmälningar (reservlistan flyttas upp)"))
    def cancel_registrations(self, request, queryset):
        kept = []
        for registration in queryset:
            try:
                services.cancel(registration, base_url=request.build_absolute_uri("/"))
            except services.RegistrationError as error:
                kept.append(f"{registration}: {error}")
        self.message_user(request, _("Anmälningarna är avbokade."))
        for message in kept:
            self.message_user(request, message, messages.WARNING)


class StatementInline(PortalInline, admin.StackedInline):
    model = Statement
    fields = [("position", "code", "area"), "text"]


class CopyRoundForm(forms.Form):
    name = forms.CharField(label=_("Den nya omgångens namn"), max_length=200)
    held = forms.DateField(
        label=_("Genomförd"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(PortalAdmin):
    list_display = ["name", "held", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["region"]
    inlines = [StatementInline]
    actions = ["copy_round"]

    @admin.action(description=_("Kopiera påståendena till en ny omgång"))
    def copy_round(self, request, queryset):
        """A form for the new round's name and date, then `services.copy_round`."""
        rounds = list(queryset[:2])
        if len(rounds) != 1:
            self.message_user(request, _("Välj en omgång att kopiera."), messages.WARNING)
            return None
        source = rounds[0]
        form = CopyRoundForm(request.POST if "copy" in request.POST else None)
        if form.is_valid():
            try:
                new = services.copy_round(source, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                message = _("Omgången %(new)s har fått påståendena från %(source)s.")
                self.message_user(request, message % {"new": new, "source": source})
                return redirect("admin:kompetens_assessmentround_change", new.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kopiera påståendena i %(round)s") % {"round": source},
            "opts": self.opts,
            "source": source,
            "form": form,
            "statements": source.statements.count(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/copy_round.html", context)


@admin.register(Workshop)
class WorkshopAdmin(PortalAdmin):
    list_display = ["municipality", "round", "event"]
    list_filter = ["round"]
    autocomplete_fields = ["round", "municipality", "event"]
    list_select_related = ["municipality", "round", "event"]


class SpendingInline(PortalInline, admin.StackedInline):
    model = Spending


@admin.register(Grant)
class GrantAdmin(PortalAdmin):
    list_display = ["programme", "funder", "amount", "spent", "start", "end"]
    search_fields = ["programme", "funder__name"]
    autocomplete_fields = ["region", "funder", "area"]
    list_select_related = ["funder"]
    inlines = [SpendingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(spent_sum=Sum("spending__amount"))

    @admin.display(description=_("förbrukat (kr)"))
    def spent(self, obj):
        return obj.spent_sum or 0
