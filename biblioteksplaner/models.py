"""Library plans: the register, the municipalities' survey reports and the reminder log."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from biblioteksportal.documents import GeneratedName, validate_pdf
from biblioteksportal.models import (
    Municipality,
    Region,
    TimestampedModel,
    check_period,
    date_period,
    end_after_start,
    same_as,
    track,
)

from .choices import AdoptingBody, ReminderKind, ReportState


def document_field():
    return models.FileField(
        _("dokument (PDF)"),
        upload_to=GeneratedName("biblioteksplaner", ".pdf"),
        blank=True,
        validators=[validate_pdf],
        help_text=_("PDF-fil, högst 20 MB."),
    )


def period_text(start, end):
    return f"{date_format(start, 'Y-m-d')}–{date_format(end, 'Y-m-d')}"


class VersionedModel(TimestampedModel):
    """A counter raised by every save through the pages, to refuse a stale save."""

    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta(TimestampedModel.Meta):
        abstract = True


def overlapping_plans(region_id, municipality_id, start, end, exclude_pk=None):
    """The owner's adopted plans whose validity overlaps [start, end]."""
    plans = LibraryPlan.objects.filter(
        region_id=region_id, municipality_id=municipality_id, start__lte=end, end__gte=start
    )
    return plans.exclude(pk=exclude_pk) if exclude_pk else plans


def overlap_error(plans):
    plan = plans[0]
    return _("Perioden överlappar en annan antagen plan: ”%(title)s” (%(period)s).") % {
        "title": plan.title,
        "period": period_text(plan.start, plan.end),
    }


# What the search matches, and the GIN index it uses: one expression for both.
PLAN_SEARCH = SearchVector("title", "notes", config="swedish")


@track
class LibraryPlan(VersionedModel):
    """An adopted library plan of a municipality, or of the region (no municipality)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="library_plans", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_plans",
        verbose_name=_("kommun"),
        help_text=_("Tom för regionens egen biblioteksplan."),
    )
    title = models.CharField(_("titel"), max_length=300)
    adopted_by = models.CharField(_("antagen av"), max_length=30, choices=AdoptingBody.choices)
    decision_date = models.DateField(_("beslutsdatum"))
    start = models.DateField(_("gäller från"))
    end = models.DateField(
        _("gäller till och med"),
        help_text=_("Flyttas av beslut om förlängning."),
    )
    document = document_field()
    document_url = models.URLField(_("länk till planen"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)

    reporter_lookup = "municipality"

    class Meta(VersionedModel.Meta):
        verbose_name = _("biblioteksplan")
        verbose_name_plural = _("biblioteksplaner")
        ordering = ["municipality__name", "start"]
        indexes = [GinIndex(PLAN_SEARCH, name="libraryplan_search")]
        constraints = [
            end_after_start("libraryplan_end_after_start"),
            models.CheckConstraint(
                name="libraryplan_decided_before_start",
                condition=Q(decision_date__lte=F("start")),
                violation_error_message=_("Beslutsdatum får inte vara efter startdatum."),
            ),
            ExclusionConstraint(
                name="libraryplan_municipality_no_overlap",
                expressions=[
                    (date_period(), RangeOperators.OVERLAPS),
                    (same_as("municipality"), RangeOperators.OVERLAPS),
                ],
                condition=Q(municipality__isnull=False),
                violation_error_message=_("Kommunen har redan en antagen plan för perioden."),
            ),
            ExclusionConstraint(
                name="libraryplan_region_no_overlap",
                expressions=[
                    (date_period(), RangeOperators.OVERLAPS),
                    (same_as("region"), RangeOperators.OVERLAPS),
                ],
                condition=Q(municipality__isnull=True),
                violation_error_message=_("Regionen har redan en antagen plan för perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.owner_name}: {self.title} ({period_text(self.start, self.end)})"

    @property
    def owner_name(self):
        return self.municipality.name if self.municipality_id else self.region.name

    def clean(self):
        check_period(self)
        if self.decision_date and self.start and self.decision_date > self.start:
            raise ValidationError(
                {"decision_date": _("Beslutsdatum får inte vara efter startdatum.")}
            )
        if (
            self.municipality_id
            and self.region_id
            and self.municipality.region_id != self.region_id
        ):
            raise ValidationError({"municipality": _("Kommunen hör till en annan region.")})
        if self.region_id and self.start and self.end:
            others = overlapping_plans(
                self.region_id, self.municipality_id, self.start, self.end, self.pk
            )
            if others:
                raise ValidationError({"start": overlap_error(others)})


@track
class PlanExtension(TimestampedModel):
    """A later decision that moves a plan's end date without a new document."""

    plan = models.ForeignKey(
        LibraryPlan, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("plan")
    )
    adopted_by = models.CharField(_("beslutat av"), max_length=30, choices=AdoptingBody.choices)
    decision_date = models.DateField(_("beslutsdatum"))
    previous_end = models.DateField(_("tidigare slutdatum"))
    new_end = models.DateField(_("nytt slutdatum"))

    region_lookup = "plan__region"
    reporter_lookup = "plan__municipality"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("beslut om förlängning")
        verbose_name_plural = _("beslut om förlängning")
        ordering = ["decision_date"]
        constraints = [
            models.CheckConstraint(
                name="planextension_moves_end_later",
                condition=Q(new_end__gt=F("previous_end")),
                violation_error_message=_("Det nya slutdatumet ska vara efter det tidigare."),
            )
        ]

    def __str__(self):
        return _("Förlängd till %(end)s") % {"end": date_format(self.new_end, "Y-m-d")}


@track
class SurveyRound(TimestampedModel):
    """A follow-up survey (enkät) of all the region's municipalities, with a deadline."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="survey_rounds", verbose_name=_("region")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    year = models.PositiveSmallIntegerField(_("år"))
    deadline = models.DateField(_("sista svarsdag"))
    instructions = models.TextField(_("instruktioner"), blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "title"],
                name="surveyround_title_unique",
                violation_error_message=_("Det finns redan en omgång med den rubriken."),
            )
        ]

    def __str__(self):
        return self.title


@track
class Report(VersionedModel):
    """One municipality's answer in a survey round."""

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("omgång")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="plan_reports",
        verbose_name=_("kommun"),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=ReportState.choices, default=ReportState.NOT_STARTED
    )
    has_plan = models.BooleanField(
        _("kommunen har en antagen biblioteksplan"),
        default=False,
        help_text=_("Fyll i så fall i planens uppgifter nedan."),
    )
    plan_title = models.CharField(_("planens titel"), max_length=300, blank=True)
    adopted_by = models.CharField(
        _("antagen av"), max_length=30, choices=AdoptingBody.choices, blank=True
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    start = models.DateField(_("gäller från"), null=True, blank=True)
    end = models.DateField(_("gäller till och med"), null=True, blank=True)
    document = document_field()
    document_name = models.CharField(
        _("dokumentets filnamn"), max_length=255, blank=True, editable=False
    )
    document_url = models.URLField(_("länk till planen"), blank=True)
    followed_up = models.BooleanField(_("planen har följts upp"), default=False)
    drafting = models.BooleanField(_("en ny plan håller på att tas fram"), default=False)
    expected_adoption = models.DateField(
        _("ny plan väntas antas"),
        null=True,
        blank=True,
        help_text=_("Ungefärligt datum, t.ex. 2020-06-30."),
    )
    support_wanted = models.TextField(_("stöd ni önskar från regionen"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    reviewer_comment = models.TextField(_("granskarens kommentar"), blank=True)
    submitted = models.DateField(
        _("inskickat den"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Dagen svaret senast skickades in: från den dagen räknas svaret."),
    )
    plan = models.ForeignKey(
        LibraryPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("plan i registret"),
    )

    region_lookup = "round__region"
    reporter_lookup = "municipality"

    class Meta(VersionedModel.Meta):
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["round", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                name="report_one_per_round_and_municipality",
                violation_error_message=_("Kommunen har redan ett svar i omgången."),
            ),
            end_after_start("report_end_after_start"),
        ]

    def __str__(self):
        return f"{self.round}: {self.municipality}"

    @classmethod
    def latest_answers(cls, on):
        """Each municipality's latest approved report given (submitted) on or before `on`."""
        return (
            cls.objects.filter(state=ReportState.APPROVED, submitted__lte=on)
            .order_by("municipality_id", "-submitted", "-pk")
            .distinct("municipality_id")
        )

    def plan_owner(self):
        return self.round.region_id, self.municipality_id

    def matching_plan(self):
        """The register's plan this report describes: same owner and start."""
        region_id, municipality_id = self.plan_owner()
        return LibraryPlan.objects.filter(
            region_id=region_id, municipality_id=municipality_id, start=self.start
        ).first()

    def clean(self):
        errors = {}
        if self.has_plan:
            required = ["plan_title", "adopted_by", "decision_date", "start", "end"]
            for name in required:
                if not getattr(self, name):
                    errors[name] = _("Fyll i detta fält när kommunen har en antagen plan.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutdatum får inte vara före startdatum.")
        elif self.decision_date and self.start and self.decision_date > self.start:
            errors["decision_date"] = _("Beslutsdatum får inte vara efter startdatum.")
        elif self.has_plan and self.start and self.end and self.round_id:
            same = self.matching_plan()
            others = overlapping_plans(
                *self.plan_owner(), self.start, self.end, same.pk if same else None
            )
            if others:
                errors["start"] = overlap_error(others)
        if self.drafting and not self.expected_adoption:
            errors["expected_adoption"] = _("Ange när den nya planen väntas antas.")
        if errors:
            raise ValidationError(errors)


@track
class ReminderLog(TimestampedModel):
    """Each reminder that went out: one row per reminder and recipient, so none goes twice."""

    kind = models.CharField(_("slag"), max_length=20, choices=ReminderKind.choices)
    key = models.CharField(_("nyckel"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="plan_reminders", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("kommun")
    )
    recipient = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=300)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.recipient}"
