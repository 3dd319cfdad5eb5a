from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from biblioteksportal.access import REVIEW, can
from biblioteksportal.admin import PortalAdmin, PortalInline, confirm_mailing, confirmed

from . import reminders, services
from .choices import ReportState
from .forms import ExtensionForm, LibraryPlanForm, ReportAdminForm, ReviewForm
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
    actions = ["announce", "remind"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
        else:
            services.open_round(obj)

    def get_urls(self):
        mailing = self.admin_site.admin_view(self.mailing_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_mailing"
        return [
            path("<path:object_id>/utskick/<str:action>/", mailing, name=name),
            *super().get_urls(),
        ]

    def mailing_view(self, request, object_id, action):
        """One round's mailing (an action's, from the round's page): the confirmation page,
        then the mails and back to the round."""
        survey_round = self.get_object(request, unquote(object_id))
        if survey_round is None or action not in self.actions:
            raise Http404
        rounds = self.get_queryset(request).filter(pk=survey_round.pk)
        response = getattr(self, action)(request, rounds)
        return response or redirect("admin:biblioteksplaner_surveyround_change", survey_round.pk)

    @admin.action(description=gettext_lazy("Meddela kommunrapportörerna att omgången har öppnat"))
    def announce(self, request, queryset):
        return self._mail_after_confirming(
            request, queryset, "announce", reminders.round_opened(queryset)
        )

    @admin.action(description=gettext_lazy("Påminn kommuner som inte har skickat in"))
    def remind(self, request, queryset):
        today = timezone.localdate()
        return self._mail_after_confirming(
            request, queryset, "remind", reminders.reminded_now(queryset, today)
        )

    def _mail_after_confirming(self, request, queryset, action, to_send):
        """The confirmation page, saying who will be mailed; the mails once it is confirmed
        (each once: see reminders.send)."""
        if confirmed(request):
            sent = len(reminders.send(to_send, request.build_absolute_uri("/")))
            message = ngettext(
                "%(n)d e-postmeddelande skickades.", "%(n)d e-postmeddelanden skickades.", sent
            ) % {"n": sent}
            self.message_user(request, message, messages.SUCCESS if sent else messages.WARNING)
            return None
        mails = reminders.pending(to_send)
        per_municipality = {r.municipality: 0 for r in to_send}
        for reminder, _email in mails:
            per_municipality[reminder.municipality] += 1
        rounds = list(queryset)
        return confirm_mailing(
            self,
            request,
            action,
            rounds,
            len(mails),
            [_("Kommun"), _("E-postmeddelanden")],
            [(m, [n]) for m, n in sorted(per_municipality.items(), key=lambda m: m[0].name)],
            caption=_("Mottagare per kommun"),
            described=", ".join(str(survey_round) for survey_round in rounds),
            note=_(
                "En kommun med 0 har ingen aktiv kommunrapportör med e-postadress, eller har "
                "redan fått meddelandet."
            ),
        )


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

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_review"
        return [path("<path:object_id>/granska/", review, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        context = self._review_context(request, report) if report else {}
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def _review_context(self, request, report, form=None):
        """The links of the change and review pages, and the review form while the report
        waits for review (and the user may review it)."""
        may_review = report.state == ReportState.SUBMITTED and can(
            request.user, REVIEW, report.municipality
        )
        return {
            "report": report,
            "portal_url": reverse("biblioteksplaner:report", args=[report.pk]),
            "document_url": report.document
            and reverse("biblioteksplaner:report-document", args=[report.pk]),
            "review_form": form or (ReviewForm() if may_review else None),
            "review_url": reverse("admin:biblioteksplaner_report_review", args=[report.pk]),
        }

    def review_view(self, request, object_id):
        """Return or approve the report (the services the portal's review page uses), or the
        form again with what is wrong."""
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not can(request.user, REVIEW, report.municipality):
            raise PermissionDenied
        form, status = None, 200
        if request.method == "POST":
            form = ReviewForm(request.POST)
            action = request.POST.get("action")
            if action not in ("return", "approve"):
                form.add_error(None, _("Välj att godkänna svaret eller skicka tillbaka det."))
            elif form.is_valid():
                try:
                    services.review(
                        report,
                        action,
                        form.cleaned_data["reviewer_comment"],
                        base_url=request.build_absolute_uri("/"),
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    done = {
                        "return": _("Svaret är skickat tillbaka till kommunen."),
                        "approve": _("Svaret är godkänt och registret uppdaterat."),
                    }
                    self.message_user(request, done[action], messages.SUCCESS)
                    return redirect("admin:biblioteksplaner_report_change", report.pk)
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Granska: %s") % report,
            "opts": self.opts,
            "original": report,
            **self._review_context(request, report, form),
        }
        return TemplateResponse(
            request, "admin/biblioteksplaner/report/review.html", context, status=status
        )


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
