"""Reading promotion: the network, projects and methods, literary actors, writing arenas."""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.models import (
    Activity,
    Municipality,
    NamedModel,
    Organisation,
    Region,
    ScopedQuerySet,
    TimestampedModel,
    check_period,
    end_after_start,
    track,
    track_m2m,
)

from .choices import (
    ActorKind,
    AgeGroup,
    ArenaKind,
    IncomeShare,
    MemberKind,
    ModerationStatus,
    Offer,
    ProjectPhase,
)


class ChoiceArrayField(ArrayField):
    """A list of choices, edited as checkboxes."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.base_field.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            **{k: v for k, v in kwargs.items() if k in ("initial", "disabled", "error_messages")},
        )


def choices_array(verbose_name, choices, blank=True, **kwargs):
    return ChoiceArrayField(
        models.CharField(max_length=30, choices=choices),
        verbose_name=verbose_name,
        default=list,
        blank=blank,
        **kwargs,
    )


def labels(values, choices):
    """The labels of `values`, in the order the choices are declared (never as text)."""
    return [str(choices(value).label) for value in sorted(values, key=choices.values.index)]


# --- The network -------------------------------------------------------------------------

# What the portal search matches (the organisation's name is a join, so there is no index).
MEMBER_SEARCH = SearchVector("organisation__name", "contact_name", config="swedish")


@track
class NetworkMember(TimestampedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reading_networks",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("slag"), max_length=30, choices=MemberKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
        help_text=_("Tom för organisationer som verkar i hela länet."),
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktens e-post"), blank=True)
    since = models.DateField(_("med sedan"), null=True, blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("medlem i läsfrämjandenätverket")
        verbose_name_plural = _("medlemmar i läsfrämjandenätverket")
        ordering = ["kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "organisation"],
                name="network_member_once_per_region",
                violation_error_message=_("Organisationen är redan med i nätverket."),
            )
        ]

    def __str__(self):
        return str(self.organisation)


@track
class NetworkMeeting(TimestampedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200)
    notes = models.TextField(_("anteckningar"), blank=True)
    attendees = models.ManyToManyField(
        NetworkMember, blank=True, related_name="meetings", verbose_name=_("deltagande medlemmar")
    )

    class Meta(TimestampedModel.Meta):
        verbose_name = _("nätverksträff")
        verbose_name_plural = _("nätverksträffar")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


# --- Projects and methods ----------------------------------------------------------------

# What the portal search matches, and the GIN indexes it uses: one expression for both.
METHOD_SEARCH = SearchVector("name", "description", "where_used", config="swedish")
PROJECT_SEARCH = SearchVector("name", "description", "goals", "funding", config="swedish")


@track
class Method(NamedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    age_groups = choices_array(_("målgrupp (ålder)"), AgeGroup.choices, blank=False)
    description = models.TextField(_("beskrivning"))
    where_used = models.TextField(_("där metoden har använts"), blank=True)
    added = models.DateField(_("tillagd i metodbanken"), default=timezone.localdate)

    class Meta(NamedModel.Meta):
        verbose_name = _("metod")
        verbose_name_plural = _("metodbank")
        indexes = [GinIndex(METHOD_SEARCH, name="method_search")]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="method_name_unique",
                violation_error_message=_("Det finns redan en metod med det namnet."),
            )
        ]

    def age_group_labels(self):
        return labels(self.age_groups, AgeGroup)


@track
class MethodLink(TimestampedModel):
    method = models.ForeignKey(
        Method, on_delete=models.CASCADE, related_name="links", verbose_name=_("metod")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    url = models.URLField(_("adress"))

    region_lookup = "method__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("länk")
        verbose_name_plural = _("länkar")
        ordering = ["title"]

    def __str__(self):
        return self.title


@track
class Project(NamedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    phase = models.CharField(_("fas"), max_length=20, choices=ProjectPhase.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    goals = models.TextField(_("mål"), blank=True)
    funding = models.TextField(
        _("finansiering"), blank=True, help_text=_("Bidragsgivare, sökta och beviljade medel.")
    )
    budget = models.PositiveIntegerField(_("budget (kr)"), null=True, blank=True)
    start = models.DateField(_("från"), null=True, blank=True)
    end = models.DateField(_("till och med"), null=True, blank=True)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="reading_projects", verbose_name=_("parter")
    )
    methods = models.ManyToManyField(
        Method, blank=True, related_name="projects", verbose_name=_("metoder")
    )
    activities = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="reading_projects",
        verbose_name=_("aktiviteter i verksamhetsplanen"),
    )

    class Meta(NamedModel.Meta):
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        indexes = [GinIndex(PROJECT_SEARCH, name="project_search")]
        constraints = [
            end_after_start("project_end_after_start"),
            models.UniqueConstraint(
                fields=["region", "name"],
                name="project_name_unique",
                violation_error_message=_("Det finns redan ett projekt med det namnet."),
            ),
        ]

    def clean(self):
        check_period(self)


# --- Writing arenas ----------------------------------------------------------------------

# What the portal search matches, and the GIN index it uses.
ARENA_SEARCH = SearchVector("title", "description", "place", "organiser", config="swedish")


@track
class WritingArena(TimestampedModel):
    """A workshop or event for children's and young people's own writing."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=ArenaKind.choices)
    age_groups = choices_array(_("åldersgrupper"), AgeGroup.choices, blank=False)
    start = models.DateField(_("datum"))
    end = models.DateField(_("till och med"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    organiser = models.CharField(_("arrangör"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta(TimestampedModel.Meta):
        verbose_name = _("skrivarena")
        verbose_name_plural = _("skrivarenor för barn och unga")
        ordering = ["-start", "title"]
        indexes = [GinIndex(ARENA_SEARCH, name="writing_arena_search")]
        constraints = [end_after_start("writing_arena_end_after_start")]

    def __str__(self):
        return f"{self.title} ({self.start:%Y-%m-%d})"

    def clean(self):
        check_period(self)

    def age_group_labels(self):
        return labels(self.age_groups, AgeGroup)


@track
class ArenaParticipation(TimestampedModel):
    """How many took part, per age group: numbers only, never names of children."""

    arena = models.ForeignKey(
        WritingArena,
        on_delete=models.CASCADE,
        related_name="participation",
        verbose_name=_("skrivarena"),
    )
    age_group = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeGroup.choices)
    count = models.PositiveSmallIntegerField(_("antal deltagare"))

    region_lookup = "arena__region"

    class Meta(TimestampedModel.Meta):
        verbose_name = _("deltagare per åldersgrupp")
        verbose_name_plural = _("deltagare per åldersgrupp")
        # youngest first, as AgeGroup declares them ("6–9 år" before "10–12 år")
        ordering = [
            Case(*(When(age_group=value, then=i) for i, value in enumerate(AgeGroup.values)))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["arena", "age_group"],
                name="arena_participation_once_per_age_group",
                violation_error_message=_("Åldersgruppen finns redan för skrivarenan."),
            )
        ]

    def __str__(self):
        return f"{self.get_age_group_display()}: {self.count}"


# --- Literary actors ---------------------------------------------------------------------


# The only actors any public page may show: approved, and consented to be shown.
PUBLIC = Q(status=ModerationStatus.APPROVED, show_in_directory=True)


class LiteraryActorQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(PUBLIC)


# What the search matches, and the GIN index it uses: one expression for both.
ACTOR_SEARCH = SearchVector("name", "description", "genres", "languages", config="swedish")


@track
class LiteraryActor(TimestampedModel):
    """An entry in the inventory of the county's literary actors, registered by the actor."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    name = models.CharField(_("namn"), max_length=200)
    kinds = choices_array(_("slag av aktör"), ActorKind.choices, blank=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    languages = models.CharField(
        _("språk"), max_length=200, blank=True, help_text=_("T.ex. svenska, arabiska, engelska.")
    )
    genres = models.CharField(
        _("genrer"), max_length=200, blank=True, help_text=_("T.ex. bilderböcker, lyrik, fantasy.")
    )
    target_groups = choices_array(_("målgrupper"), AgeGroup.choices)
    offers = choices_array(_("erbjuder"), Offer.choices)
    description = models.TextField(_("presentation"), max_length=1000, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    email = models.EmailField(_("e-post"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    income_share = models.CharField(
        _("andel av inkomsten från litterärt arbete"),
        max_length=10,
        choices=IncomeShare.choices,
        blank=True,
    )
    venues = models.TextField(
        _("var du verkar"),
        max_length=1000,
        blank=True,
        help_text=_("Scener, bibliotek, skolor och andra platser där du når din publik."),
    )
    needs = models.TextField(
        _("behov"),
        max_length=1000,
        blank=True,
        help_text=_("Vad skulle hjälpa dig att verka som litterär aktör i länet?"),
    )
    consented_at = models.DateTimeField(_("samtycke lämnat"))
    show_in_directory = models.BooleanField(
        _("visas i den offentliga katalogen"),
        default=False,
        help_text=_("Aktören har samtyckt till att visas i katalogen."),
    )
    status = models.CharField(
        _("granskning"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
    )
    moderated_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    is_fictitious = models.BooleanField(_("fiktiv (demodata)"), default=False)

    objects = LiteraryActorQuerySet.as_manager()

    class Meta(TimestampedModel.Meta):
        verbose_name = _("litterär aktör")
        verbose_name_plural = _("litterära aktörer")
        ordering = ["name"]
        indexes = [
            GinIndex(
                ACTOR_SEARCH,
                name="literary_actor_search",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="literary_actor_has_a_kind",
                condition=Q(kinds__len__gt=0),
                violation_error_message=_("Välj minst ett slag av aktör."),
            ),
        ]

    def __str__(self):
        return self.name

    def kind_labels(self):
        return labels(self.kinds, ActorKind)

    def target_group_labels(self):
        return labels(self.target_groups, AgeGroup)

    def offer_labels(self):
        return labels(self.offers, Offer)


for m2m in (NetworkMeeting.attendees, Project.partners, Project.methods, Project.activities):
    track_m2m(m2m, app_label="lasframjande")
