"""Digital competence (5.1.2): training events and registration, the self-assessment,
workshops based on it, and grants."""

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.documents import GeneratedName, validate_text
from biblioteksportal.models import (
    DevelopmentArea,
    Library,
    Municipality,
    NamedModel,
    Organisation,
    PositionedModel,
    Region,
    TimestampedModel,
    track,
    track_m2m,
)

from .choices import Audience, DigComp, EventKind, EventStatus, RegistrationStatus

SCALE = (1, 7)


class ChoiceArrayField(ArrayField):
    """A list of choices, edited as checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "widget": forms.CheckboxSelectMultiple,
            **kwargs,
        }
        return super(ArrayField, self).formfield(**defaults)


@track
class Topic(NamedModel):
    """A subject of training, e.g. MIK or digital source criticism."""

    region_lookup = None

    class Meta(NamedModel.Meta):
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")
        constraints = [models.UniqueConstraint(fields=["name"], name="kompetens_topic_unique")]


# What the search matches, and the GIN index it uses: one expression for both.
EVENT_SEARCH = SearchVector("title", "description", config="swedish")


@track
class TrainingEvent(TimestampedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="training_events", verbose_name=_("region")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=EventKind.choices)
    audience = models.CharField(
        _("målgrupp"), max_length=20, choices=Audience.choices, default=Audience.LIBRARY_STAFF
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="training_events", verbose_name=_("ämnen")
    )
    digcomp = ChoiceArrayField(
        models.CharField(max_length=20, choices=DigComp.choices),
        verbose_name=_("DigComp-områden"),
        default=list,
        blank=True,
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        verbose_name=_("arrangör"),
        help_text=_("Tom när den regionala biblioteksverksamheten själv arrangerar."),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_events", verbose_name=_("samarbetsparter")
    )
    start = models.DateTimeField(_("börjar"))
    end = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_url = models.URLField(_("länk till digitalt möte"), blank=True)
    capacity = models.PositiveIntegerField(_("antal platser"))
    registration_deadline = models.DateTimeField(_("sista anmälningsdag"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("utbildningstillfälle")
        verbose_name_plural = _("utbildningstillfällen")
        ordering = ["start", "pk"]
        indexes = [
            GinIndex(
                EVENT_SEARCH,
                name="kompetens_event_search",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="kompetens_event_end_after_start",
                condition=Q(end__gte=F("start")),
                violation_error_message=_("Slutet får inte vara före början."),
            ),
            models.CheckConstraint(
                name="kompetens_event_capacity_positive",
                condition=Q(capacity__gte=1),
                violation_error_message=_("Ange minst en plats."),
            ),
            models.CheckConstraint(
                name="kompetens_event_deadline_before_start",
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("start")),
                violation_error_message=_("Sista anmälningsdag ska vara före starten."),
            ),
            models.CheckConstraint(
                name="kompetens_event_place_or_link",
                condition=~Q(place="") | ~Q(online_url=""),
                violation_error_message=_("Ange en plats eller en länk till ett digitalt möte."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start:%Y-%m-%d})"

    @property
    def digcomp_labels(self):
        return [DigComp(area).label for area in self.digcomp]

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED


@track
class Registration(TimestampedModel):
    """A place, or a place on the waiting list, for one person at one event.

    The person's own links are the core's personal links (see services.personal_token);
    name and e-mail are blanked by the retention command, library and attendance are kept.
    """

    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("utbildningstillfälle"),
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("bibliotek")
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("deltog"), default=False)
    # set when the mail offering the certificate is sent (services.mark_attendance): once only
    certificate_offered = models.DateTimeField(
        _("intyg erbjudet"), null=True, blank=True, editable=False
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmäld av"),
    )
    anonymised = models.DateTimeField(_("avidentifierad"), null=True, blank=True)

    region_lookup = "event__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="kompetens_registration_email_once",
                condition=~Q(status=RegistrationStatus.CANCELLED) & ~Q(email=""),
                violation_error_message=_("E-postadressen är redan anmäld till tillfället."),
            ),
            models.CheckConstraint(
                name="kompetens_registration_attended_confirmed",
                condition=Q(attended=False) | Q(status=RegistrationStatus.CONFIRMED),
                violation_error_message=_("Bara den som har en plats kan markeras som deltagare."),
            ),
        ]

    def __str__(self):
        return self.name or str(_("Avidentifierad deltagare"))


@track
class AssessmentRound(NamedModel):
    """One round of the self-assessment test (självskattningstest), e.g. autumn 2018."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="assessment_rounds", verbose_name=_("region")
    )
    held = models.DateField(_("genomförd"))

    class Meta(NamedModel.Meta):
        verbose_name = _("självskattningsomgång")
        verbose_name_plural = _("självskattningsomgångar")
        ordering = ["-held"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="kompetens_round_name_unique")
        ]


@track
class Statement(PositionedModel):
    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.CASCADE,
        related_name="statements",
        verbose_name=_("omgång"),
    )
    code = models.CharField(
        _("kod"), max_length=20, help_text=_("Kolumnens rubrik i CSV-filen, t.ex. P1.")
    )
    area = models.CharField(_("DigComp-område"), max_length=20, choices=DigComp.choices)
    text = models.CharField(_("påstående"), max_length=500)

    region_lookup = "round__region"

    class Meta(PositionedModel.Meta):
        verbose_name = _("påstående")
        verbose_name_plural = _("påståenden")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="kompetens_statement_code")
        ]

    def __str__(self):
        return f"{self.code} {self.text}"


@track
class ResponseImport(TimestampedModel):
    """One uploaded file of answer sheets, imported by a job of the queue (`finished` and
    `errors` once done); deleting it removes exactly its answers."""

    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("omgång"),
    )
    file = models.FileField(
        _("fil"),
        upload_to=GeneratedName("kompetens/svar", ".csv"),
        blank=True,
        validators=[validate_text],
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    finished = models.DateTimeField(_("importerad"), null=True, blank=True)
    errors = models.JSONField(_("rader som inte importerades"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )

    region_lookup = "round__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("import av svar")
        verbose_name_plural = _("importer av svar")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "sha256"],
                name="kompetens_import_file_once",
                violation_error_message=_("Filen är redan importerad till omgången."),
            )
        ]

    def __str__(self):
        if not self.created:
            return self.file_name
        return f"{self.file_name} ({timezone.localtime(self.created):%Y-%m-%d %H:%M})"


@track
class Response(TimestampedModel):
    """One anonymous answer sheet: background only, never a name or an e-mail."""

    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("omgång"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="assessment_responses",
        verbose_name=_("kommun"),
    )
    team = models.CharField(_("arbetslag"), max_length=200, blank=True)
    source = models.ForeignKey(
        ResponseImport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("import"),
    )

    region_lookup = "round__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self):
        return f"{self.round}, {self.municipality}"


@track
class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("svar")
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="answers", verbose_name=_("påstående")
    )
    value = models.PositiveSmallIntegerField(
        _("värde"), validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]
    )

    region_lookup = "response__round__region"

    class Meta:
        verbose_name = _("svarsvärde")
        verbose_name_plural = _("svarsvärden")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="kompetens_answer_once"),
            models.CheckConstraint(
                name="kompetens_answer_scale",
                condition=Q(value__gte=SCALE[0], value__lte=SCALE[1]),
                violation_error_message=_("Värdet ska vara mellan 1 och 7."),
            ),
        ]

    def __str__(self):
        return f"{self.statement_id}: {self.value}"


@track
class Workshop(TimestampedModel):
    """A municipality's workshop based on its results in a round."""

    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("omgång"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("kommun")
    )
    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("utbildningstillfälle"),
    )
    themes = ChoiceArrayField(
        models.CharField(max_length=20, choices=DigComp.choices),
        verbose_name=_("teman"),
        default=list,
        blank=True,
    )

    region_lookup = "round__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("workshop")
        verbose_name_plural = _("workshoppar")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                name="kompetens_workshop_once",
                violation_error_message=_("Kommunen har redan en workshop för omgången."),
            )
        ]

    def __str__(self):
        return f"{self.municipality}, {self.round}"

    @property
    def theme_labels(self):
        return [DigComp(area).label for area in self.themes]

    def clean(self):
        if (
            self.round_id
            and self.municipality_id
            and self.municipality.region_id != self.round.region_id
        ):
            raise ValidationError({"municipality": _("Kommunen hör till en annan region.")})


@track
class Grant(TimestampedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="grants", verbose_name=_("region")
    )
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("bidragsgivare"),
    )
    programme = models.CharField(_("satsning"), max_length=300)
    amount = models.DecimalField(_("belopp (kr)"), max_digits=12, decimal_places=2)
    start = models.DateField(_("från"))
    end = models.DateField(_("till och med"))
    area = models.ForeignKey(
        DevelopmentArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("utvecklingsområde"),
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("bidrag")
        verbose_name_plural = _("bidrag")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                name="kompetens_grant_end_after_start",
                condition=Q(end__gte=F("start")),
                violation_error_message=_("Slutdatum får inte vara före startdatum."),
            ),
            models.CheckConstraint(
                name="kompetens_grant_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("Beloppet ska vara större än noll."),
            ),
        ]

    def __str__(self):
        return f"{self.funder}: {self.programme}"


@track
class Spending(TimestampedModel):
    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="spending", verbose_name=_("bidrag")
    )
    date = models.DateField(_("datum"))
    description = models.CharField(_("avser"), max_length=300)
    amount = models.DecimalField(_("belopp (kr)"), max_digits=12, decimal_places=2)

    region_lookup = "grant__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("utgift")
        verbose_name_plural = _("utgifter")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="kompetens_spending_amount_positive",
                condition=Q(amount__gt=0),
                violation_error_message=_("Beloppet ska vara större än noll."),
            )
        ]

    def __str__(self):
        return f"{self.date} {self.description}"


for m2m in (TrainingEvent.topics, TrainingEvent.partners):
    track_m2m(m2m, app_label="kompetens")
