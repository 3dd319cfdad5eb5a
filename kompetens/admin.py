from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from biblioteksportal.admin import PortalAdmin, PortalInline, confirm_mailing, confirmed

from . import services
from .choices import RegistrationStatus
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


def marked_present(form):
    return "attended" in form.changed_data and form.instance.attended


def offer_certificates(model_admin, request, event):
    """After attendance was marked present in the admin: the participants page's marking
    (services.mark_attendance) of the attendance as saved, which mails each one newly present
    their certificate, once. Not before the event has started, as on that page."""
    if event.start > timezone.now():
        return
    present = list(event.registrations.filter(attended=True).values_list("pk", flat=True))
    offered = services.mark_attendance(event, present, base_url=request.build_absolute_uri("/"))
    if offered:
        message = ngettext(
            "Närvaron är sparad. %(n)d deltagare har fått e-post med sitt intyg.",
            "Närvaron är sparad. %(n)d deltagare har fått e-post med sina intyg.",
            len(offered),
        )
        model_admin.message_user(request, message % {"n": len(offered)})


def field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


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
        if any(marked_present(row) for formset in formsets for row in formset.forms):
            offer_certificates(self, request, form.instance)

    @admin.action(description=_("Ställ in valda tillfällen och meddela de anmälda"))
    def cancel_events(self, request, queryset):
        """First a confirmation saying who will be mailed, then `services.cancel_event`."""
        if confirmed(request):
            told = sum(
                services.cancel_event(event, base_url=request.build_absolute_uri("/"))
                for event in queryset
            )
            self.message_user(request, _("Inställt. %(n)d anmälda har fått e-post.") % {"n": told})
            return None
        # whom services.cancel_event tells: everyone registered with an address
        events = queryset.annotate(
            to_tell=Count(
                "registrations",
                filter=~Q(registrations__status=RegistrationStatus.CANCELLED)
                & ~Q(registrations__email=""),
                distinct=True,  # a changelist filter on topics joins them
            )
        )
        rows = [(e, [e.get_status_display(), 0 if e.is_cancelled else e.to_tell]) for e in events]
        return confirm_mailing(
            self,
            request,
            "cancel_events",
            [event for event, _cells in rows],
            sum(mails for _event, (_status, mails) in rows),
            [
                capfirst(self.opts.verbose_name),
                field_label(TrainingEvent, "status"),
                _("E-postmeddelanden"),
            ],
            rows,
            may_confirm=any(not event.is_cancelled for event, _cells in rows),
            confirm_label=_("Ja, ställ in"),
        )


@admin.register(Registration)
class RegistrationAdmin(PortalAdmin):
    list_display = ["__str__", "event", "library", "status", "attended"]
    list_filter = ["status", "attended", "library__municipality"]
    search_fields = ["name", "email", "event__title"]
    autocomplete_fields = ["event", "library"]
    list_select_related = ["event", "library"]
    exclude = ["registered_by", "anonymised"]
    actions = ["cancel_registrations"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if marked_present(form):
            offer_certificates(self, request, obj.event)

    @admin.action(description=_("Avboka valda anmälningar (reservlistan flyttas upp)"))
    def cancel_registrations(self, request, queryset):
        """First a confirmation saying who will be mailed and who cannot be cancelled, then
        `services.cancel` of each."""
        if confirmed(request):
            sent = 0
            for registration in queryset:
                try:
                    promoted = services.cancel(
                        registration, base_url=request.build_absolute_uri("/")
                    )
                except services.RegistrationError as error:
                    self.message_user(request, f"{registration}: {error}", messages.WARNING)
                else:
                    sent += 1 + len(promoted)
            if sent:
                message = ngettext(
                    "%(n)d e-postmeddelande skickades.", "%(n)d e-postmeddelanden skickades.", sent
                ) % {"n": sent}
                self.message_user(request, f"{_('Anmälningarna är avbokade.')} {message}")
            return None
        refusals = [(r, services.cancel_refusal(r, r.event)) for r in queryset]
        rows = [(r, [r.event, r.get_status_display(), no or _("ja")]) for r, no in refusals]
        cancelled = sum(refusal is None for _registration, refusal in refusals)
        return confirm_mailing(
            self,
            request,
            "cancel_registrations",
            [registration for registration, _refusal in refusals],
            cancelled,
            [
                capfirst(self.opts.verbose_name),
                capfirst(TrainingEvent._meta.verbose_name),
                field_label(Registration, "status"),
                _("Avbokas"),
            ],
            rows,
            may_confirm=bool(cancelled),
            confirm_label=_("Ja, avboka"),
            note=_("Den som då får en plats från reservlistan får också e-post."),
        )


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
