"""The shared core: the county, its libraries and partners, staffing and the yearly frame."""

import uuid
from base64 import b64encode
from email.headerregistry import Address

import pghistory
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    ActivityStatus,
    AreaApp,
    AssessmentMethod,
    Compliance,
    EmploymentKind,
    GoalKind,
    LibraryKind,
    MailStatus,
    OpenDataLicence,
    OrganisationKind,
    Role,
    ShortcomingReason,
)
from .documents import logo_kind, validate_logo


def date_period(start="start", end="end"):
    """The closed date range [start, end] as a PostgreSQL expression; no end is open-ended."""
    return Func(F(start), F(end), Value("[]"), function="daterange", output_field=DateRangeField())


def same_as(field):
    """`field` as a one-value range, so that an exclusion constraint can ask for equality with
    range overlap (`&&`): plain equality in a GiST index needs the btree_gist extension, which
    the embedded server lacks."""
    return Func(F(field), F(field), Value("[]"), function="int8range")


def logo_path(instance, filename):
    """A generated name with the extension of the content of the file assigned to `logo` (the
    uploaded name is not kept)."""
    return f"{logo_path.folder}/{uuid.uuid4().hex}.{logo_kind(instance.logo)}"


logo_path.folder = "regioner"  # where cleanup_files looks, as for a GeneratedName


def end_after_start(name):
    return models.CheckConstraint(
        name=name,
        condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
        violation_error_message=_("Slutdatum får inte vara före startdatum."),
    )


def period_errors(obj):
    """The field-level form of the end_after_start constraints, so the message shows at `end`."""
    if obj.start and obj.end and obj.end < obj.start:
        return {"end": _("Slutdatum får inte vara före startdatum.")}
    return {}


def check_period(obj):
    if errors := period_errors(obj):
        raise ValidationError(errors)


class ScopedQuerySet(models.QuerySet):
    """Rows a user may see: their own region; a reporter only their own municipality's rows.

    A model names the lookup to its region in `region_lookup` (None: shared by all regions)
    and the lookup to a municipality that a reporter may see in `reporter_lookup`
    (None: reporters see none of it).
    """

    def for_user(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        profile = getattr(user, "profile", None)
        if profile is None:
            return self.none()
        qs = self
        if self.model.region_lookup:
            qs = qs.filter(**{self.model.region_lookup: profile.region_id})
        if profile.role == Role.REPORTER:
            if self.model.reporter_lookup is None:
                return qs.none()
            qs = qs.filter(**{self.model.reporter_lookup: profile.municipality_id})
        return qs


class TimestampedModel(models.Model):
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    modified = models.DateTimeField(_("ändrad"), auto_now=True)

    region_lookup = "region"
    reporter_lookup = None

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class NamedModel(TimestampedModel):
    name = models.CharField(_("namn"), max_length=200)

    class Meta(TimestampedModel.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class PositionedModel(TimestampedModel):
    """Rows kept in the order the editor gives them (goals, activities, sections)."""

    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta(TimestampedModel.Meta):
        abstract = True
        ordering = ["position", "pk"]


def track(model):
    """Audit every insert, update and delete of a domain model (database triggers).

    `modified` is left out of the events, so a save that changes nothing records nothing.
    """
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=["modified"],
    )(model)


def track_m2m(field, app_label="biblioteksportal"):
    """Audit additions to and removals from a many-to-many relation."""
    pghistory.track(
        pghistory.InsertEvent("add"),
        pghistory.DeleteEvent("remove"),
        obj_field=None,
        app_label=app_label,
    )(field.through)


@track
class Region(NamedModel):
    code = models.CharField(_("länskod"), max_length=2, unique=True)
    slug = models.SlugField(_("kortnamn i adresser"), unique=True)
    portal_name = models.CharField(
        _("portalens namn"),
        max_length=200,
        blank=True,
        help_text=_("Visas överst på regionens sidor och i e-post. Tomt: regionens namn."),
    )
    unit_name = models.CharField(_("regional biblioteksverksamhet"), max_length=200, blank=True)
    logo = models.FileField(
        _("logotyp"),
        upload_to=logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG eller SVG, högst 1 MB."),
    )
    contact = models.TextField(
        _("kontaktuppgifter"),
        blank=True,
        help_text=_("Visas i sidfoten, t.ex. postadress, telefon och e-post."),
    )
    sender_name = models.CharField(
        _("avsändarnamn i e-post"),
        max_length=100,
        blank=True,
        help_text=_("Tomt: portalens namn."),
    )
    signatory = models.CharField(
        _("undertecknare av intyg"),
        max_length=200,
        blank=True,
        help_text=_("Namn och titel, t.ex. på intyg om deltagande i utbildning."),
    )
    open_data_licence = models.CharField(
        _("licens för öppna data"),
        max_length=20,
        choices=OpenDataLicence.choices,
        default=OpenDataLicence.CC0,
        help_text=_("Gäller regionens öppna data, t.ex. registret över biblioteksplaner."),
    )

    region_lookup = "pk"

    class Meta(NamedModel.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        constraints = [
            models.CheckConstraint(
                name="region_code_two_digits",
                condition=Q(code__regex=r"^[0-9]{2}$"),
                violation_error_message=_("Länskoden ska vara två siffror."),
            )
        ]

    @property
    def portal_title(self):
        """The portal's name on the region's pages, e-mails and documents."""
        return self.portal_name or self.name

    @property
    def logo_data_uri(self):
        """The logo inline, for a document rendered apart from the portal's pages (a PDF)."""
        with self.logo.open("rb") as file:
            data = b64encode(file.read()).decode()
        kind = "svg+xml" if self.logo.name.endswith(".svg") else "png"
        return f"data:image/{kind};base64,{data}"

    @property
    def from_email(self):
        """The sender of the region's e-mail: its sender name at DEFAULT_FROM_EMAIL."""
        name = self.sender_name or self.portal_title
        return str(Address(display_name=name, addr_spec=settings.DEFAULT_FROM_EMAIL))

    @property
    def open_data_licence_url(self):
        return OpenDataLicence(self.open_data_licence).url


@track
class Municipality(NamedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    code = models.CharField(
        _("kommunkod"), max_length=4, help_text=_("Den officiella fyrsiffriga kommunkoden.")
    )

    reporter_lookup = "pk"

    class Meta(NamedModel.Meta):
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="municipality_code_unique",
                violation_error_message=_("Det finns redan en kommun med den kommunkoden."),
            ),
            models.CheckConstraint(
                name="municipality_code_four_digits",
                condition=Q(code__regex=r"^[0-9]{4}$"),
                violation_error_message=_("Kommunkoden ska vara fyra siffror."),
            ),
        ]


@track
class Library(NamedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="libraries", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="libraries",
        verbose_name=_("kommun"),
        help_text=_("Tom för bibliotek som regionen driver, t.ex. sjukhusbiblioteket."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=LibraryKind.choices)

    reporter_lookup = "municipality"

    class Meta(NamedModel.Meta):
        verbose_name = _("bibliotek")
        verbose_name_plural = _("bibliotek")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="library_name_unique")
        ]

    def clean(self):
        if self.municipality and self.region_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("Kommunen hör till en annan region.")})


@track
class Organisation(NamedModel):
    kind = models.CharField(_("typ"), max_length=30, choices=OrganisationKind.choices)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    website = models.URLField(_("webbplats"), blank=True)

    region_lookup = None

    class Meta(NamedModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_name_unique")]


@track
class Person(NamedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="people", verbose_name=_("region")
    )
    email = models.EmailField(_("e-post"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("kommun"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("personer")


@track
class Responsibility(NamedModel):
    """A responsibility area (ansvarsområde) of the regional library unit."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("region")
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("ansvarsområde")
        verbose_name_plural = _("ansvarsområden")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="responsibility_name_unique")
        ]


@track
class Staffing(TimestampedModel):
    """Capacity in a responsibility area for a period. Never a reason for absence."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="staffing", verbose_name=_("person")
    )
    responsibility = models.ForeignKey(
        "Responsibility",
        on_delete=models.PROTECT,
        related_name="staffing",
        verbose_name=_("ansvarsområde"),
    )
    employment = models.CharField(
        _("anställningsform"),
        max_length=20,
        choices=EmploymentKind.choices,
        default=EmploymentKind.PERMANENT,
    )
    percent = models.PositiveSmallIntegerField(
        _("tjänstgöringsgrad (%)"),
        null=True,
        blank=True,
        help_text=_("Lämnas tom för timanställning."),
    )
    start = models.DateField(_("från"))
    end = models.DateField(_("till och med"), null=True, blank=True)

    region_lookup = "person__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("bemanning")
        verbose_name_plural = _("bemanning")
        ordering = ["responsibility__name", "start"]
        constraints = [
            end_after_start("staffing_end_after_start"),
            models.CheckConstraint(
                name="staffing_percent_range",
                condition=Q(percent__isnull=True) | Q(percent__gte=1, percent__lte=100),
                violation_error_message=_("Tjänstgöringsgraden ska vara mellan 1 och 100 procent."),
            ),
            ExclusionConstraint(
                name="staffing_no_overlap",
                expressions=[
                    (date_period(), RangeOperators.OVERLAPS),
                    (same_as("person"), RangeOperators.OVERLAPS),
                    (same_as("responsibility"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Personen har redan en bemanning i ansvarsområdet under en del av perioden."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.responsibility} ({self.capacity})"

    @property
    def capacity(self):
        """The share of full time, or else the kind of employment."""
        return f"{self.percent} %" if self.percent else self.get_employment_display()

    def clean(self):
        check_period(self)


@track
class DevelopmentArea(PositionedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="areas", verbose_name=_("region")
    )
    app = models.CharField(_("område i portalen"), max_length=30, choices=AreaApp.choices)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta(PositionedModel.Meta):
        verbose_name = _("utvecklingsområde")
        verbose_name_plural = _("utvecklingsområden")
        constraints = [
            models.UniqueConstraint(fields=["region", "app"], name="area_one_per_app_and_region")
        ]

    def __str__(self):
        return self.name


@track
class Year(TimestampedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="years", verbose_name=_("region")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    staff_summary = models.TextField(
        _("om personalen"),
        blank=True,
        help_text=_("Kapacitet och tjänster, aldrig orsaker till frånvaro."),
    )
    areas_intro = models.TextField(_("inledning till utvecklingsområdena"), blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("verksamhetsår")
        verbose_name_plural = _("verksamhetsår")
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="year_unique_per_region"),
            models.CheckConstraint(
                name="year_plausible",
                condition=Q(year__gte=2000, year__lte=2100),
                violation_error_message=_("Ange ett år mellan 2000 och 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.region} {self.year}"


@track
class AreaYear(TimestampedModel):
    """One development area in one activity year: partners, goals, activities, outcome."""

    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.PROTECT,
        related_name="area_years",
        verbose_name=_("utvecklingsområde"),
    )
    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="area_years", verbose_name=_("år")
    )
    intro = models.TextField(_("inledning"), blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="area_years", verbose_name=_("samverkansparter")
    )

    region_lookup = "year__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("utvecklingsområde per år")
        verbose_name_plural = _("utvecklingsområden per år")
        ordering = ["-year__year", "area__position"]
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="area_year_unique")]

    def __str__(self):
        return f"{self.area} {self.year.year}"

    def clean(self):
        if self.area_id and self.year_id and self.area.region_id != self.year.region_id:
            raise ValidationError({"area": _("Området hör till en annan region än året.")})


@track
class Goal(PositionedModel):
    area_year = models.ForeignKey(
        AreaYear, on_delete=models.CASCADE, related_name="goals", verbose_name=_("område och år")
    )
    kind = models.CharField(
        _("slag"), max_length=10, choices=GoalKind.choices, default=GoalKind.SUBGOAL
    )
    text = models.TextField(_("mål"))

    region_lookup = "area_year__year__region"

    class Meta(PositionedModel.Meta):
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.text


NOT_DONE = [ActivityStatus.POSTPONED, ActivityStatus.CANCELLED]
REASON_NEEDED = _("Ange en orsak när aktiviteten är uppskjuten eller inställd.")


# What the search matches, and the GIN index it uses: one expression for both.
ACTIVITY_SEARCH = SearchVector("title", "description", "status_reason", config="swedish")


@track
class Activity(PositionedModel):
    area_year = models.ForeignKey(
        AreaYear,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("område och år"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("del av aktivitet"),
    )
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="activities", verbose_name=_("mål")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    status_reason = models.TextField(
        _("orsak"),
        blank=True,
        help_text=_(
            "Varför aktiviteten skjutits upp eller ställts in, t.ex. ingen personalkapacitet. "
            "Aldrig personliga skäl."
        ),
    )
    responsible = models.ManyToManyField(
        Person, blank=True, related_name="activities", verbose_name=_("ansvariga")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="activities", verbose_name=_("samverkansparter")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="activities", verbose_name=_("berörda kommuner")
    )
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till"), null=True, blank=True)

    region_lookup = "area_year__year__region"

    class Meta(PositionedModel.Meta):
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [
            GinIndex(
                ACTIVITY_SEARCH,
                name="activity_search",
            )
        ]
        constraints = [
            end_after_start("activity_end_after_start"),
            models.CheckConstraint(
                name="activity_reason_when_not_done",
                condition=~Q(status__in=NOT_DONE) | ~Q(status_reason=""),
                violation_error_message=REASON_NEEDED,
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = period_errors(self)
        if self.status in NOT_DONE and not self.status_reason.strip():
            errors["status_reason"] = REASON_NEEDED
        if self.parent and self.parent.area_year_id != self.area_year_id:
            errors["parent"] = _("Huvudaktiviteten hör till ett annat område eller år.")
        if errors:
            raise ValidationError(errors)


# What the search matches, and the GIN index it uses: one expression for both.
OUTCOME_SEARCH = SearchVector("narrative", config="swedish")


@track
class Outcome(TimestampedModel):
    area_year = models.ForeignKey(
        AreaYear, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("område och år")
    )
    narrative = models.TextField(_("utfall"))

    region_lookup = "area_year__year__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        indexes = [GinIndex(OUTCOME_SEARCH, name="outcome_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["area_year"],
                name="outcome_one_per_area_year",
                violation_error_message=_("Området har redan ett utfall för året."),
            )
        ]

    def __str__(self):
        return str(self.area_year)


@track
class IntroSection(PositionedModel):
    """Sections 1–3 of the annual report: vision, values, premises, mission."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="intro_sections", verbose_name=_("region")
    )
    number = models.CharField(_("nummer"), max_length=10)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"))

    class Meta(PositionedModel.Meta):
        verbose_name = _("inledande avsnitt")
        verbose_name_plural = _("inledande avsnitt")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="intro_section_number_unique")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


@track
class Profile(TimestampedModel):
    """A user's role, and the region and municipality that bind it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("användare"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="profiles", verbose_name=_("region")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("kommun"),
    )

    reporter_lookup = "municipality"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(
                name="profile_municipality_matches_role",
                condition=Q(role=Role.REGIONAL_STAFF, municipality__isnull=True)
                | Q(role__in=[Role.LIBRARY_HEAD, Role.REPORTER], municipality__isnull=False),
                violation_error_message=_(
                    "Bibliotekschefer och kommunrapportörer ska ha en kommun; "
                    "regional personal ska inte ha det."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}"

    def save(self, *args, **kwargs):
        """The role decides admin access: regional staff get it, every other role loses it
        (a superuser keeps it)."""
        super().save(*args, **kwargs)
        staff = self.role == Role.REGIONAL_STAFF or self.user.is_superuser
        if self.user.is_staff != staff:
            self.user.is_staff = staff
            self.user.save(update_fields=["is_staff"])

    def clean(self):
        if self.municipality and self.region_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("Kommunen hör till en annan region.")})


for m2m in (
    AreaYear.partners,
    Activity.goals,
    Activity.responsible,
    Activity.partners,
    Activity.municipalities,
):
    track_m2m(m2m)


class FormAttempt(models.Model):
    """One accepted submission of a public form, for its limits only (`publicforms`): by a keyed
    hash of the client's address or of the address mailed to, never in the clear.

    Not domain data and not audited; rows older than the limits' hour are purged.
    """

    form = models.CharField(max_length=100)
    key = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "created"], name="form_attempt_key_created")]

    def __str__(self):
        return f"{self.form} {self.key[:8]} {self.created:%Y-%m-%d %H:%M}"


class PersonalLink(models.Model):
    """A link sent by e-mail to one person (`links`): only the SHA-256 of its random token is
    stored, with the object it opens and when it expires (never: until the object is gone).

    Not domain data and not audited."""

    token_hash = models.CharField(max_length=64, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    expires = models.DateTimeField(null=True, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"], name="personal_link_object")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.token_hash[:8]}"


class MailLog(TimestampedModel):
    """Each e-mail the portal sends (`mail`): what, about which object, to whom, when, and how
    it went. The text is kept only until it has been sent, for a retry."""

    versioned = False  # its sending changes no page

    kind = models.CharField(_("slag"), max_length=50)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avser"),
    )
    object_id = models.PositiveBigIntegerField(_("id"), null=True, blank=True)
    sender = models.CharField(_("avsändare"), max_length=300)
    recipient = models.EmailField(_("mottagare"), blank=True)
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("resultat"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    error = models.TextField(_("fel"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    sent = models.DateTimeField(_("skickat"), null=True, blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("skickat e-postmeddelande")
        verbose_name_plural = _("skickade e-postmeddelanden")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="mail_log_object")]

    def __str__(self):
        return f"{self.kind}: {self.recipient or _('(borttagen)')}"


class DataVersion(models.Model):
    """The id of the last transaction that changed a region's data (region 0: rows of no
    region), written by the triggers of `versions`."""

    region = models.IntegerField(primary_key=True)
    xid = models.BigIntegerField()

    def __str__(self):
        return f"{self.region}: {self.xid}"


@track
class AccessibilityStatement(TimestampedModel):
    """A region's accessibility statement for its pages of the portal, with the content that
    DIGG requires of a public body's statement (lagen om tillgänglighet till digital offentlig
    service); its known shortcomings are `AccessibilityShortcoming` rows."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        related_name="accessibility_statements",
        verbose_name=_("region"),
    )
    public_body = models.CharField(
        _("offentlig aktör"),
        max_length=200,
        help_text=_("Den som ansvarar för webbplatsen, t.ex. regionen."),
    )
    service = models.CharField(
        _("digital service"), max_length=200, help_text=_("Webbplatsens namn, t.ex. portalens.")
    )
    compliance = models.CharField(
        _("förenlighet med lagkraven"), max_length=10, choices=Compliance.choices
    )
    method = models.CharField(_("bedömningsmetod"), max_length=20, choices=AssessmentMethod.choices)
    assessor = models.CharField(
        _("granskare"),
        max_length=200,
        blank=True,
        help_text=_("Vid granskning av tredje part: vem som granskade."),
    )
    assessed = models.DateField(_("bedömd den"))
    prepared = models.DateField(_("redogörelsen upprättad den"))
    reviewed = models.DateField(_("redogörelsen senast granskad den"))
    feedback_email = models.EmailField(_("e-post för synpunkter"), blank=True)
    feedback_url = models.URLField(_("formulär för synpunkter"), blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("svarstid i arbetsdagar"),
        help_text=_("Hur snart den som hör av sig kan vänta sig ett svar."),
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("tillgänglighetsredogörelse")
        verbose_name_plural = _("tillgänglighetsredogörelser")
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"],
                name="accessibility_statement_one_per_region",
                violation_error_code="unique",
                violation_error_message=_("Regionen har redan en tillgänglighetsredogörelse."),
            ),
            models.CheckConstraint(
                name="accessibility_statement_feedback_route",
                condition=~Q(feedback_email="") | ~Q(feedback_url=""),
                violation_error_message=_(
                    "Ange en e-postadress eller ett formulär för synpunkter."
                ),
            ),
            models.CheckConstraint(
                name="accessibility_statement_assessor_named",
                condition=~Q(method=AssessmentMethod.THIRD_PARTY) | ~Q(assessor=""),
                violation_error_message=_("Ange vem som granskade webbplatsen."),
            ),
            models.CheckConstraint(
                name="accessibility_statement_reviewed_after_prepared",
                condition=Q(reviewed__gte=F("prepared")),
                violation_error_message=_(
                    "Redogörelsen kan inte ha granskats innan den upprättades."
                ),
            ),
            models.CheckConstraint(
                name="accessibility_statement_response_days",
                condition=Q(response_days__gte=1, response_days__lte=60),
                violation_error_message=_("Svarstiden ska vara 1–60 arbetsdagar."),
            ),
        ]

    def __str__(self):
        return f"{self.service} ({self.region})"


@track
class AccessibilityShortcoming(PositionedModel):
    """Content of an accessibility statement's service that is not accessible, and why."""

    statement = models.ForeignKey(
        AccessibilityStatement,
        on_delete=models.CASCADE,
        related_name="shortcomings",
        verbose_name=_("tillgänglighetsredogörelse"),
    )
    reason = models.CharField(_("skäl"), max_length=30, choices=ShortcomingReason.choices)
    description = models.TextField(_("brist"), help_text=_("Vad som inte är tillgängligt."))
    criteria = models.CharField(
        _("WCAG-kriterier"), max_length=100, blank=True, help_text=_("T.ex. 1.4.3, 2.4.7.")
    )
    explanation = models.TextField(
        _("förklaring"),
        help_text=_(
            "Varför bristen finns och vad som görs åt den; vid oskäligt betungande anpassning "
            "den bedömning som ligger till grund."
        ),
    )
    fix_by = models.DateField(_("åtgärdas senast"), null=True, blank=True)

    region_lookup = "statement__region"

    class Meta(PositionedModel.Meta):
        verbose_name = _("känd brist")
        verbose_name_plural = _("kända brister")

    def __str__(self):
        return self.description[:80]
