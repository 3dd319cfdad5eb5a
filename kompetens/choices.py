from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    HALF_DAY = "half_day", _("Halvdag")
    FULL_DAY = "full_day", _("Heldag")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webbinarium")
    STUDY_VISIT = "study_visit", _("Studiebesök")
    COMPETENCE_DAY = "competence_day", _("Kompetensdag")
    NETWORK_MEETING = "network_meeting", _("Nätverksträff")


class Audience(models.TextChoices):
    """Who an event is for; other area apps reuse the events for their own audiences."""

    LIBRARY_STAFF = "library_staff", _("Folkbibliotekspersonal")
    LIBRARY_HEADS = "library_heads", _("Bibliotekschefer")
    CHILDREN_ADULTS = "children_adults", _("Vuxna som arbetar med barn")
    OTHER = "other", _("Annan målgrupp")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    CANCELLED = "cancelled", _("Inställd")


class DigComp(models.TextChoices):
    """The five competence areas of the EU framework DigComp 2.1."""

    INFORMATION = "information", _("Informations- och datakompetens")
    COMMUNICATION = "communication", _("Kommunikation och samarbete")
    CONTENT = "content", _("Skapande av digitalt innehåll")
    SAFETY = "safety", _("Säkerhet")
    PROBLEM_SOLVING = "problem_solving", _("Problemlösning")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftad plats")
    WAITING = "waiting", _("Reservlista")
    CANCELLED = "cancelled", _("Avanmäld")
