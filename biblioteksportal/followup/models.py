"""Indicators with targets and values per follow-up period, the follow-up rounds, and the
national statistics (Kolada, KB) that values are pre-filled from."""

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.choices import ActivityStatus
from biblioteksportal.models import (
    NOT_DONE,
    REASON_NEEDED,
    Activity,
    DevelopmentArea,
    Goal,
    Municipality,
    Person,
    PositionedModel,
    Region,
    TimestampedModel,
    Year,
    track,
)

from .choices import (
    PERIODS_PER_YEAR,
    Direction,
    Gender,
    PeriodKind,
    Rollup,
    RoundState,
    Source,
    StatisticSource,
)

VALUE = {"max_digits": 18, "decimal_places": 4}
NO_SUCH_PERIOD = _(
    "Perioden finns inte: helår har nummer 1, halvår 1–2, tertial 1–3 och kvartal 1–4."
)


@track
class Indicator(PositionedModel):
    """A key figure (nyckeltal) of a development area, followed up period by period."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("region")
    )
    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("utvecklingsområde"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="indicators", verbose_name=_("mål som följs upp")
    )
    key = models.SlugField(
        _("kod"),
        max_length=60,
        help_text=_("En fast kod för export och import, t.ex. kommuner-med-plan."),
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(
        _("enhet"), max_length=30, blank=True, help_text=_("T.ex. st, kr eller procent.")
    )
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=0)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("värdet"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    computation = models.CharField(
        _("beräkning"),
        max_length=80,
        blank=True,
        help_text=_("Den beräkning i portalen som ger värdet, när värdet beräknas."),
    )
    statistic = models.ForeignKey(
        "StatisticSeries",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("nationell statistik"),
        help_text=_("Serien som värdena hämtas ur, när de hämtas ur nationell statistik."),
    )
    rollup = models.CharField(
        _("länets värde"), max_length=10, choices=Rollup.choices, default=Rollup.NONE
    )
    near_margin = models.PositiveSmallIntegerField(
        _("nära målet inom (%)"),
        default=10,
        help_text=_("Ett utfall så här många procent från målet visas som nära målet."),
    )

    class Meta(PositionedModel.Meta):
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "key"],
                name="indicator_key_unique_per_region",
                violation_error_message=_("Regionen har redan ett nyckeltal med den koden."),
            ),
            models.CheckConstraint(
                name="indicator_decimals_at_most_four",
                condition=Q(decimals__lte=4),
                violation_error_message=_("Ange högst fyra decimaler."),
            ),
            models.CheckConstraint(
                name="indicator_near_margin_percent",
                condition=Q(near_margin__lte=100),
                violation_error_message=_("Ange en procentsats mellan 0 och 100."),
            ),
            models.CheckConstraint(
                name="indicator_computation_when_computed",
                condition=Q(source=Source.COMPUTED, computation__gt="")
                | (~Q(source=Source.COMPUTED) & Q(computation="")),
                violation_error_message=_(
                    "Välj en beräkning när värdet beräknas, och ingen annars."
                ),
            ),
            models.CheckConstraint(
                name="indicator_statistic_when_national",
                condition=Q(source=Source.NATIONAL, statistic__isnull=False)
                | (~Q(source=Source.NATIONAL) & Q(statistic__isnull=True)),
                violation_error_message=_(
                    "Välj en serie ur den nationella statistiken när värdet hämtas därifrån, "
                    "och ingen annars."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def per_municipality(self):
        return self.rollup != Rollup.NONE

    @property
    def entered_by_municipalities(self):
        """Whether each municipality enters its value in a round."""
        return self.source == Source.ENTERED and self.per_municipality

    def clean(self):
        errors = {}
        if self.area_id and self.region_id and self.area.region_id != self.region_id:
            errors["area"] = _("Området hör till en annan region.")
        if self.source == Source.COMPUTED and not self.computation:
            errors["computation"] = _("Välj en beräkning när värdet beräknas.")
        if self.source != Source.COMPUTED and self.computation:
            errors["computation"] = _("Lämna beräkningen tom när värdet inte beräknas.")
        if self.source == Source.NATIONAL and not self.statistic_id:
            errors["statistic"] = _("Välj en serie när värdet hämtas ur nationell statistik.")
        if self.source != Source.NATIONAL and self.statistic_id:
            errors["statistic"] = _("Lämna serien tom när värdet inte hämtas ur statistiken.")
        if errors:
            raise ValidationError(errors)


@track
class Round(TimestampedModel):
    """A follow-up round: one period of an activity year (a tertial, say) with its deadline."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("verksamhetsår")
    )
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(
        _("nummer"), default=1, help_text=_("Vilken period av året, t.ex. 2 för tertial 2.")
    )
    deadline = models.DateField(_("sista dag att rapportera"))
    reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse dagar före"),
        default=7,
        help_text=_("Så många dagar före sista dagen påminns de som inte har rapporterat."),
    )
    completed = models.DateTimeField(_("avslutad"), null=True, blank=True)

    region_lookup = "year__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("uppföljningsomgång")
        verbose_name_plural = _("uppföljningsomgångar")
        ordering = ["year__year", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "number"],
                name="round_unique_per_period",
                violation_error_message=_("Året har redan en omgång för den perioden."),
            ),
            models.CheckConstraint(
                name="round_number_within_year",
                condition=Q(kind=PeriodKind.YEAR, number=1)
                | Q(kind=PeriodKind.HALF, number__gte=1, number__lte=2)
                | Q(kind=PeriodKind.TERTIAL, number__gte=1, number__lte=3)
                | Q(kind=PeriodKind.QUARTER, number__gte=1, number__lte=4),
                violation_error_message=NO_SUCH_PERIOD,
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.year.year}"

    @property
    def label(self):
        if self.kind == PeriodKind.YEAR:
            return str(PeriodKind.YEAR.label)
        short = {"half": _("H"), "tertial": _("T"), "quarter": _("K")}[self.kind]
        return f"{short}{self.number}"

    def _months(self):
        length = 12 // PERIODS_PER_YEAR[self.kind]
        return (self.number - 1) * length + 1, self.number * length

    @property
    def start(self):
        return date(self.year.year, self._months()[0], 1)

    @property
    def end(self):
        month = self._months()[1]
        return date(self.year.year, month, calendar.monthrange(self.year.year, month)[1])

    def state(self, today=None):
        today = today or timezone.localdate()
        if self.completed:
            return RoundState.COMPLETE
        if today > self.deadline:
            return RoundState.LATE
        return RoundState.OPEN if today >= self.start else RoundState.UPCOMING

    def clean(self):
        if self.kind in PERIODS_PER_YEAR and not 1 <= self.number <= PERIODS_PER_YEAR[self.kind]:
            raise ValidationError({"number": NO_SUCH_PERIOD})


@track
class Target(TimestampedModel):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("nyckeltal")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="targets", verbose_name=_("omgång")
    )
    value = models.DecimalField(_("mål"), **VALUE)

    region_lookup = "indicator__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("mål för nyckeltal")
        verbose_name_plural = _("mål för nyckeltal")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "round"],
                name="target_one_per_round",
                violation_error_message=_("Nyckeltalet har redan ett mål för omgången."),
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.round}: {self.value}"


@track
class Value(TimestampedModel):
    """An indicator's outcome for a round: a municipality's, or with no municipality the
    region's own, with the comment that analyses it."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("nyckeltal")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="values", verbose_name=_("omgång")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("kommun"),
        help_text=_("Tom för regionens eget värde."),
    )
    value = models.DecimalField(_("utfall"), null=True, blank=True, **VALUE)
    comment = models.TextField(_("analys"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterat av"),
    )

    region_lookup = "indicator__region"
    reporter_lookup = "municipality"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("utfall för nyckeltal")
        verbose_name_plural = _("utfall för nyckeltal")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "round", "municipality"],
                nulls_distinct=False,
                name="value_one_per_round_and_municipality",
                violation_error_message=_("Det finns redan ett utfall för omgången och kommunen."),
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.round}: {self.value}"


@track
class ActivityReport(TimestampedModel):
    """An activity's status and comment for a follow-up round, by its responsible person."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reports", verbose_name=_("aktivitet")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="reports", verbose_name=_("omgång")
    )
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices)
    comment = models.TextField(
        _("kommentar"),
        blank=True,
        help_text=_("Hur arbetet går; varför det har skjutits upp eller ställts in."),
    )
    reporter = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporterat av"),
    )

    region_lookup = "round__year__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("rapport om aktivitet")
        verbose_name_plural = _("rapporter om aktiviteter")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "round"],
                name="activity_report_one_per_round",
                violation_error_message=_("Aktiviteten har redan en rapport för omgången."),
            ),
            models.CheckConstraint(
                name="activity_report_reason_when_not_done",
                condition=~Q(status__in=NOT_DONE) | ~Q(comment=""),
                violation_error_message=REASON_NEEDED,
            ),
        ]

    def __str__(self):
        return f"{self.activity} {self.round}"

    def clean(self):
        if self.status in NOT_DONE and not self.comment.strip():
            raise ValidationError({"comment": REASON_NEEDED})


@track
class StatisticSeries(TimestampedModel):
    """One published series of national statistics: a Kolada KPI (N07924, say) or a variable
    of KB's library statistics (Folk54, say)."""

    source = models.CharField(_("källa"), max_length=10, choices=StatisticSource.choices)
    code = models.CharField(_("kod"), max_length=40)
    title = models.CharField(_("namn"), max_length=300, blank=True)
    unit = models.CharField(_("enhet"), max_length=30, blank=True)

    region_lookup = None  # national: shared by every region

    class Meta(TimestampedModel.Meta):
        verbose_name = _("serie i nationell statistik")
        verbose_name_plural = _("serier i nationell statistik")
        ordering = ["source", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "code"],
                name="statistic_series_unique",
                violation_error_message=_("Serien finns redan för den källan."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class Statistic(TimestampedModel):
    """One published value of a series for a municipality and a year."""

    series = models.ForeignKey(
        StatisticSeries, on_delete=models.CASCADE, related_name="values", verbose_name=_("serie")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="statistics",
        verbose_name=_("kommun"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(_("värde"), **VALUE)

    region_lookup = "municipality__region"
    reporter_lookup = "municipality"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("värde i nationell statistik")
        verbose_name_plural = _("värden i nationell statistik")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "municipality", "year", "gender"],
                name="statistic_one_per_year",
                violation_error_message=_("Serien har redan ett värde för kommunen och året."),
            ),
            models.CheckConstraint(
                name="statistic_year_plausible",
                condition=Q(year__gte=1900, year__lte=2100),
                violation_error_message=_("Ange ett år mellan 1900 och 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.series.code} {self.municipality} {self.year}: {self.value}"


class StatisticImport(TimestampedModel):
    """One imported file of national statistics and what it did."""

    source = models.CharField(_("källa"), max_length=10, choices=StatisticSource.choices)
    name = models.CharField(_("fil"), max_length=300)
    added = models.PositiveIntegerField(_("tillagda"), default=0)
    changed = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    errors = models.JSONField(_("fel"), default=list, blank=True)  # [{"line": n, "message": s}]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )

    region_lookup = None
    versioned = False  # a log: no page's content

    class Meta(TimestampedModel.Meta):
        verbose_name = _("import av nationell statistik")
        verbose_name_plural = _("importer av nationell statistik")
        ordering = ["-created"]

    def __str__(self):
        return self.name
