"""Library cooperation: the agreement, work groups, shared systems, lending rules, transports,
and the floating collection's transfers imported from Koha."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.contrib.postgres.indexes import BrinIndex, GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.documents import GeneratedName, validate_import, validate_pdf
from biblioteksportal.models import (
    Activity,
    Library,
    Municipality,
    NamedModel,
    Person,
    Region,
    ScopedQuerySet,
    TimestampedModel,
    check_period,
    date_period,
    end_after_start,
    same_as,
    track,
    track_m2m,
)

from .choices import (
    ImportStatus,
    MemberRole,
    RolloutStatus,
    RuleKind,
    SignatureStatus,
    VersionStatus,
    Weekday,
)


def check_same_region(obj, field, region_id):
    related = getattr(obj, field)
    if related is not None and region_id and related.region_id != region_id:
        raise ValidationError({field: _("Valet hör till en annan region.")})


@track
class AgreementVersion(TimestampedModel):
    """One version of the cooperation agreement (samverkansavtal) and its document."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("region")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    document = models.FileField(
        _("dokument (PDF)"),
        upload_to=GeneratedName("samverkan/avtal", ".pdf"),
        blank=True,
        validators=[validate_pdf],
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    renewal_date = models.DateField(
        _("ska förnyas senast"),
        null=True,
        blank=True,
        help_text=_("Sidan varnar när datumet närmar sig."),
    )
    renewal_notice_days = models.PositiveSmallIntegerField(
        _("varna antal dagar före förnyelse"), default=90
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("version av samverkansavtal")
        verbose_name_plural = _("samverkansavtal")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "version"],
                name="agreement_version_unique",
                violation_error_message=_("Det finns redan en avtalsversion med det numret."),
            ),
            models.CheckConstraint(
                name="agreement_renewal_after_start",
                condition=Q(renewal_date__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(renewal_date__gte=models.F("valid_from")),
                violation_error_message=_("Förnyelsedatum får inte vara före giltighetsdatum."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.version}"

    def clean(self):
        if self.valid_from and self.renewal_date and self.renewal_date < self.valid_from:
            raise ValidationError(
                {"renewal_date": _("Förnyelsedatum får inte vara före giltighetsdatum.")}
            )

    def renewal_due(self, today=None):
        today = today or timezone.localdate()
        return bool(
            self.renewal_date
            and self.renewal_date - timedelta(days=self.renewal_notice_days) <= today
        )

    def renewal_overdue(self, today=None):
        return bool(self.renewal_date and self.renewal_date < (today or timezone.localdate()))


@track
class AgreementParty(TimestampedModel):
    """A party to a version of the agreement: a municipality, or (none) the region itself."""

    agreement = models.ForeignKey(
        AgreementVersion,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("avtalsversion"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("kommun"),
        help_text=_("Lämnas tom för regionen själv."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SignatureStatus.choices,
        default=SignatureStatus.NOT_SENT,
    )
    date = models.DateField(_("datum"), null=True, blank=True)
    signatory = models.CharField(_("undertecknare"), max_length=200, blank=True)

    region_lookup = "agreement__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("avtalspart")
        verbose_name_plural = _("avtalsparter")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "municipality"],
                nulls_distinct=False,
                name="agreement_party_unique",
                violation_error_message=_("Parten finns redan i avtalsversionen."),
            ),
            models.CheckConstraint(
                name="agreement_party_date_when_answered",
                condition=~Q(status__in=[SignatureStatus.SIGNED, SignatureStatus.DECLINED])
                | Q(date__isnull=False),
                violation_error_message=_("Ange datum när parten har skrivit under eller avböjt."),
            ),
            models.CheckConstraint(
                name="agreement_party_signatory_when_signed",
                condition=~Q(status=SignatureStatus.SIGNED) | ~Q(signatory=""),
                violation_error_message=_("Ange vem som skrev under för parten."),
            ),
        ]

    def __str__(self):
        return self.party_name

    @property
    def party_name(self):
        return self.municipality.name if self.municipality else str(self.agreement.region)

    def clean(self):
        errors = {}
        if self.status in (SignatureStatus.SIGNED, SignatureStatus.DECLINED) and not self.date:
            errors["date"] = _("Ange datum när parten har skrivit under eller avböjt.")
        if self.status == SignatureStatus.SIGNED and not self.signatory.strip():
            errors["signatory"] = _("Ange vem som skrev under för parten.")
        if errors:
            raise ValidationError(errors)
        if self.municipality and self.agreement_id:
            check_same_region(self, "municipality", self.agreement.region_id)


@track
class WorkGroup(NamedModel):
    """A work group of the cooperation: the steering group, the media group, networks …"""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="work_groups", verbose_name=_("region")
    )
    mandate = models.TextField(_("uppdrag"), blank=True)
    start = models.DateField(_("från"))
    end = models.DateField(_("till och med"), null=True, blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("arbetsgrupp")
        verbose_name_plural = _("arbetsgrupper")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="work_group_name_unique"),
            end_after_start("work_group_end_after_start"),
        ]

    def clean(self):
        check_period(self)
        last = self.pk and self.end and self.meetings.values_list("date", flat=True).first()
        if last and last > self.end:
            raise ValidationError(
                {
                    "end": _("Gruppen har ett möte %(date)s; den kan inte upphöra före det.")
                    % {"date": last}
                }
            )


@track
class Membership(TimestampedModel):
    group = models.ForeignKey(
        WorkGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("grupp")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("kommun"),
    )
    role = models.CharField(
        _("roll"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    start = models.DateField(_("från"))
    end = models.DateField(_("till och med"), null=True, blank=True)

    region_lookup = "group__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemmar")
        ordering = ["person__name", "start"]
        constraints = [
            end_after_start("membership_end_after_start"),
            ExclusionConstraint(
                name="membership_no_overlap",
                expressions=[
                    (date_period(), RangeOperators.OVERLAPS),
                    (same_as("person"), RangeOperators.OVERLAPS),
                    (same_as("group"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Personen är redan medlem i gruppen under en del av perioden."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.get_role_display()}"

    def clean(self):
        check_period(self)


@track
class Meeting(TimestampedModel):
    group = models.ForeignKey(
        WorkGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("grupp")
    )
    date = models.DateField(_("datum"))
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("minnesanteckningar"), blank=True)
    minutes_file = models.FileField(
        _("minnesanteckningar (PDF)"),
        upload_to=GeneratedName("samverkan/moten", ".pdf"),
        blank=True,
        validators=[validate_pdf],
    )

    region_lookup = "group__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.group} {self.date}"

    def clean(self):
        if not (self.group_id and self.date):
            return
        group = self.group
        if group.end and self.date > group.end:
            raise ValidationError(
                {
                    "date": _("Gruppen upphörde %(end)s; mötet kan inte ligga efter det.")
                    % {"end": group.end}
                }
            )
        if self.date < group.start:
            raise ValidationError(
                {
                    "date": _("Gruppen startade %(start)s; mötet kan inte ligga före det.")
                    % {"start": group.start}
                }
            )


# What the search matches, and the GIN index it uses: one expression for both.
DECISION_SEARCH = SearchVector("text", config="swedish")


@track
class Decision(TimestampedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("möte")
    )
    text = models.TextField(_("beslut"))
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="samverkan_decisions",
        verbose_name=_("aktiviteter som beslutet startar eller ändrar"),
    )

    region_lookup = "meeting__group__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["pk"]
        indexes = [GinIndex(DECISION_SEARCH, name="decision_search")]

    def __str__(self):
        return self.text[:80]


@track
class SharedSystem(NamedModel):
    """A shared system or common resource: Koha, Libris, the website, the library card …"""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="shared_systems", verbose_name=_("region")
    )
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("gemensamt system")
        verbose_name_plural = _("gemensamma system")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="shared_system_name_unique")
        ]


@track
class Rollout(TimestampedModel):
    system = models.ForeignKey(
        SharedSystem, on_delete=models.CASCADE, related_name="rollouts", verbose_name=_("system")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="rollouts", verbose_name=_("kommun")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RolloutStatus.choices, default=RolloutStatus.PLANNED
    )
    go_live = models.DateField(_("driftstart"), null=True, blank=True)
    training = models.DateField(_("utbildning"), null=True, blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)

    region_lookup = "system__region"
    reporter_lookup = "municipality"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("införande")
        verbose_name_plural = _("införanden")
        ordering = ["system__name", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "municipality"],
                name="rollout_unique",
                violation_error_message=_("Kommunen har redan ett införande av systemet."),
            ),
            models.CheckConstraint(
                name="rollout_live_has_date",
                condition=~Q(status=RolloutStatus.LIVE) | Q(go_live__isnull=False),
                violation_error_message=_("Ange driftstart när systemet är i drift."),
            ),
        ]

    def __str__(self):
        return f"{self.system}, {self.municipality}"

    def clean(self):
        if self.status == RolloutStatus.LIVE and not self.go_live:
            raise ValidationError({"go_live": _("Ange driftstart när systemet är i drift.")})
        if self.system_id and self.municipality_id:
            check_same_region(self, "municipality", self.system.region_id)


@track
class LendingRuleSet(TimestampedModel):
    """The shared lending rules and fees that take effect on a date (until the next set)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="lending_rule_sets", verbose_name=_("region")
    )
    name = models.CharField(_("namn"), max_length=200)
    effective_from = models.DateField(_("gäller från"))
    notes = models.TextField(_("kommentar"), blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("låneregler")
        verbose_name_plural = _("låneregler och ersättningar")
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"],
                name="lending_rule_set_one_per_date",
                violation_error_message=_(
                    "En annan uppsättning låneregler träder redan i kraft det datumet."
                ),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.effective_from})"

    def validate_constraints(self, exclude=None):
        # Show the clash at the date field, not above the form.
        try:
            super().validate_constraints(exclude)
        except ValidationError as error:
            messages = error.message_dict.pop("__all__", [])
            error.error_dict.pop("__all__", None)
            if messages:
                error.error_dict.setdefault("effective_from", []).extend(
                    ValidationError(m) for m in messages
                )
            raise ValidationError(error.error_dict) from None


@track
class LendingRule(TimestampedModel):
    rule_set = models.ForeignKey(
        LendingRuleSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("regler")
    )
    kind = models.CharField(_("regel"), max_length=30, choices=RuleKind.choices)
    media_type = models.CharField(
        _("medietyp"), max_length=60, blank=True, help_text=_("Tom för alla medietyper.")
    )
    value = models.DecimalField(_("värde"), max_digits=10, decimal_places=2)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)

    region_lookup = "rule_set__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["kind", "media_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "kind", "media_type"],
                name="lending_rule_unique",
                violation_error_message=_("Regeln finns redan för den medietypen."),
            ),
            models.CheckConstraint(
                name="lending_rule_value_not_negative",
                condition=Q(value__gte=0),
                violation_error_message=_("Värdet får inte vara negativt."),
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label}, {self.media_type}" if self.media_type else str(label)


@track
class Route(NamedModel):
    """A transport route between libraries and health centres (e.g. "blod & böcker")."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="routes", verbose_name=_("region")
    )
    carrier = models.CharField(_("transportör"), max_length=200)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices),
        verbose_name=_("veckodagar"),
    )
    start = models.DateField(_("gäller från"))
    end = models.DateField(_("gäller till och med"), null=True, blank=True)

    class Meta(NamedModel.Meta):
        verbose_name = _("transportslinga")
        verbose_name_plural = _("transporter")
        constraints = [
            end_after_start("route_end_after_start"),
            models.CheckConstraint(
                name="route_has_weekdays",
                condition=Q(weekdays__len__gt=0),
                violation_error_message=_("Välj minst en veckodag."),
            ),
        ]

    def clean(self):
        check_period(self)

    def weekday_names(self):
        labels = dict(Weekday.choices)
        return [labels[day] for day in sorted(self.weekdays)]


@track
class Stop(TimestampedModel):
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="stops", verbose_name=_("slinga")
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stops",
        verbose_name=_("bibliotek"),
    )
    place = models.CharField(
        _("annan plats"), max_length=200, blank=True, help_text=_("T.ex. en vårdcentral.")
    )
    time = models.TimeField(_("tid"), null=True, blank=True)

    region_lookup = "route__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("hållplats")
        verbose_name_plural = _("hållplatser")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="stop_library_or_place",
                condition=Q(library__isnull=False) | ~Q(place=""),
                violation_error_message=_("Ange ett bibliotek eller en annan plats."),
            )
        ]

    def __str__(self):
        return str(self.library or self.place)

    def clean(self):
        if not self.library_id and not self.place.strip():
            raise ValidationError({"place": _("Ange ett bibliotek eller en annan plats.")})
        if self.library_id and self.route_id:
            check_same_region(self, "library", self.route.region_id)


@track
class BranchCode(TimestampedModel):
    """Maps a Koha branch code to one of the portal's libraries."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="branch_codes", verbose_name=_("region")
    )
    code = models.CharField(_("filialkod i Koha"), max_length=20)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="branch_codes", verbose_name=_("bibliotek")
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("filialkod")
        verbose_name_plural = _("filialkoder i Koha")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                name="branch_code_unique",
                violation_error_message=_("Filialkoden är redan kopplad till ett bibliotek."),
            )
        ]

    def __str__(self):
        return f"{self.code} → {self.library}"

    def clean(self):
        if self.library_id and self.region_id:
            check_same_region(self, "library", self.region_id)


@track
class TransferImport(TimestampedModel):
    """One import of a Koha `branchtransfers` export, and its report."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="transfer_imports", verbose_name=_("region")
    )
    file = models.FileField(
        _("fil"),
        upload_to=GeneratedName("samverkan/koha", ".csv"),
        blank=True,
        validators=[validate_import],
        help_text=_("CSV-export av tabellen branchtransfers från Kohas rapporter."),
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    size = models.BigIntegerField(_("storlek (byte)"), default=0)
    bytes_read = models.BigIntegerField(_("inläst (byte)"), default=0)
    rows_read = models.PositiveIntegerField(_("lästa rader"), default=0)
    rows_added = models.PositiveIntegerField(_("nya överföringar"), default=0)
    rows_known = models.PositiveIntegerField(_("redan inlästa"), default=0)
    bad_rows = models.PositiveIntegerField(_("felaktiga rader"), default=0)
    errors = models.JSONField(_("fel (de första)"), default=list, blank=True)
    unmapped = models.JSONField(_("okända filialkoder"), default=dict, blank=True)
    message = models.TextField(_("meddelande"), blank=True)
    encoding = models.CharField(_("teckenkodning"), max_length=20, blank=True)
    delimiter = models.CharField(_("avgränsare"), max_length=5, blank=True)
    started = models.DateTimeField(_("startad"), null=True, blank=True)
    finished = models.DateTimeField(_("klar"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inläst av"),
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("import från Koha")
        verbose_name_plural = _("importer från Koha")
        ordering = ["-created"]

    def __str__(self):
        return (
            f"{self.file_name} ({self.created:%Y-%m-%d %H:%M})" if self.created else self.file_name
        )

    @property
    def percent(self):
        if self.status == ImportStatus.DONE:
            return 100
        return min(99, int(100 * self.bytes_read / self.size)) if self.size else 0


class Transfer(models.Model):
    """A row of Koha's `branchtransfers`. Imported in bulk and never edited, so not audited
    row by row: the import that brought it (TransferImport) is. The foreign keys have no
    database constraint: a per-row referential check would cost a third of the import's
    time; the ORM still protects the region and empties `run` when an import is deleted.
    Indexes: the natural key (region, key) as the primary key, which makes importing a file
    again add nothing, and a BRIN index on (region, date) for the pages' periods, which costs
    the import next to nothing (a B-tree would cost it a third): each import is one region's
    file in date order, so the table's blocks hold one region's days each."""

    pk = models.CompositePrimaryKey("region", "key")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    key = models.BigIntegerField(
        _("nyckel"), help_text=_("branchtransfer_id, eller en hash av raden i äldre Koha.")
    )
    koha_id = models.BigIntegerField(_("branchtransfer_id"), null=True, blank=True)
    itemnumber = models.BigIntegerField(_("exemplar"))
    biblionumber = models.BigIntegerField(_("titel-id"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=500, blank=True)
    date = models.DateField(_("datum"), help_text=_("Skickat, eller begärt om inte skickat."))
    requested = models.DateField(_("begärd"), null=True, blank=True)
    sent = models.DateField(_("skickad"), null=True, blank=True)
    arrived = models.DateField(_("ankommen"), null=True, blank=True)
    cancelled = models.DateField(_("avbruten"), null=True, blank=True)
    from_branch = models.CharField(_("från"), max_length=20)
    to_branch = models.CharField(_("till"), max_length=20)
    comments = models.TextField(_("kommentar"), blank=True)
    reason = models.CharField(_("orsak"), max_length=40, blank=True)
    cancellation_reason = models.CharField(
        _("orsak till avbrott"), max_length=40, blank=True, help_text=_("Koha 22.11 och senare.")
    )
    run = models.ForeignKey(
        TransferImport,
        on_delete=models.SET_NULL,
        null=True,
        related_name="transfers",
        db_constraint=False,
        db_index=False,
    )
    line = models.PositiveIntegerField(_("rad i filen"))

    region_lookup = "region"
    reporter_lookup = None
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("överföring")
        verbose_name_plural = _("överföringar")
        indexes = [BrinIndex(fields=["region", "date"], name="transfer_region_date_brin")]

    def __str__(self):
        return f"{self.itemnumber}: {self.from_branch} → {self.to_branch} ({self.date})"


# --- The transfers' summaries ---------------------------------------------------------------
# What the floating-collection and back-and-forth pages read instead of a region's transfers
# while they are as new as those (queries.READY): a queued job (tasks.refresh_summaries)
# makes them again after each import. Never edited; like every table of a region's data they
# move its data version (`region_lookup`), although they show the figures the transfers do.


class TransferVersion(models.Model):
    """The last change of a region's transfers (a number of a sequence, new for each
    statement): kept by the statement-level triggers of migration 0009 on every insert,
    delete and update of a column the summaries read, so that no write path can forget it."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, primary_key=True, related_name="+", db_constraint=False
    )
    number = models.BigIntegerField()

    region_lookup = "region"

    def __str__(self):
        return f"{self.region_id}: {self.number}"


class TransferSummary(models.Model):
    """The TransferVersion the region's summaries were made from: they are fresh while it is
    the current one."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    version = models.BigIntegerField()

    region_lookup = "region"

    def __str__(self):
        return f"{self.region_id}: {self.version}"


class TransferCount(models.Model):
    """The transfers of a day (`month` false) or of the month beginning on `date` (true) per
    reason, branch pair and cancellation reason: all, cancelled, and neither arrived nor
    cancelled."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.BooleanField()
    date = models.DateField()
    reason = models.CharField(max_length=40)
    from_branch = models.CharField(max_length=20)
    to_branch = models.CharField(max_length=20)
    cancellation_reason = models.CharField(max_length=40)
    transfers = models.IntegerField()
    cancelled = models.IntegerField()
    unfinished = models.IntegerField()

    region_lookup = "region"

    class Meta:
        indexes = [models.Index(fields=["region", "month", "date"], name="transfercount_day")]

    def __str__(self):
        return f"{self.date}: {self.from_branch} → {self.to_branch} ({self.transfers})"


class Trip(models.Model):
    """An item sent back B → A (on `date`) `days` days after its transfer before, A → B (on
    `previous`), at most 365 days: the one before among all the item's transfers (`reason`
    ""), or among those of its reason. `work` and `rank` number the title ids or titles, and
    those or the item numbers, in their order (the pages group and order by them)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_index=False)
    reason = models.CharField(max_length=40)
    days = models.SmallIntegerField()
    date = models.DateField()
    previous = models.DateField()
    itemnumber = models.BigIntegerField()
    biblionumber = models.BigIntegerField(null=True)
    title = models.CharField(max_length=500, null=True)  # noqa: DJ001 (None: no title)
    work = models.IntegerField(null=True)
    rank = models.IntegerField()
    a = models.CharField(max_length=20)
    b = models.CharField(max_length=20)

    region_lookup = "region"

    class Meta:
        indexes = [models.Index(fields=["region", "reason", "days"], name="trip_region_days")]

    def __str__(self):
        return f"{self.itemnumber}: {self.a} → {self.b} → {self.a} ({self.date})"


track_m2m(Decision.activities, app_label="samverkan")
