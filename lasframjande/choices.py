from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberKind(models.TextChoices):
    """The kinds of organisation in the reading-promotion network, in the seed's order."""

    REGION = "region", _("Region")
    MUNICIPAL_LIBRARY = "municipal_library", _("Kommunbibliotek")
    FOLK_HIGH_SCHOOL = "folk_high_school", _("Folkhögskola")
    STUDY_ASSOCIATION = "study_association", _("Studieförbund")
    SPORTS = "sports", _("Idrottsrörelsen")
    CULTURE = "culture", _("Kulturliv")
    SCHOOL = "school", _("Skola")
    LEISURE = "leisure", _("Fritidsverksamhet")
    CHILD_HEALTH_CARE = "child_health_care", _("Barnhälsovård")


class ProjectPhase(models.TextChoices):
    IDEA = "idea", _("Idé")
    PRE_STUDY = "pre_study", _("Förstudie")
    APPLICATION = "application", _("Ansökan")
    PROJECT = "project", _("Projekt")
    PERMANENT = "permanent", _("Permanent verksamhet")


class AgeGroup(models.TextChoices):
    AGE_0_5 = "0-5", _("0–5 år")
    AGE_6_9 = "6-9", _("6–9 år")
    AGE_10_12 = "10-12", _("10–12 år")
    AGE_13_15 = "13-15", _("13–15 år")
    AGE_16_19 = "16-19", _("16–19 år")
    ADULTS = "adults", _("Vuxna")


class ActorKind(models.TextChoices):
    WRITER = "writer", _("Författare")
    ILLUSTRATOR = "illustrator", _("Illustratör")
    TRANSLATOR = "translator", _("Översättare")
    PUBLISHER = "publisher", _("Förlag")
    BOOKSHOP = "bookshop", _("Bokhandel")
    SOCIETY = "society", _("Litterärt sällskap")
    FESTIVAL = "festival", _("Festival")
    WORKSHOP = "workshop", _("Skrivarverkstad")
    OTHER = "other", _("Annat")


class Offer(models.TextChoices):
    READING = "reading", _("Uppläsningar")
    WORKSHOP = "workshop", _("Workshoppar")
    SCHOOL_VISIT = "school_visit", _("Skolbesök")
    TALK = "talk", _("Föredrag och samtal")


class IncomeShare(models.TextChoices):
    NONE = "none", _("Ingen")
    SMALL = "small", _("Mindre än hälften")
    MAIN = "main", _("Hälften eller mer")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på granskning")
    APPROVED = "approved", _("Godkänd")
    REJECTED = "rejected", _("Avböjd")


class ArenaKind(models.TextChoices):
    WORKSHOP = "workshop", _("Skrivarverkstad")
    EVENT = "event", _("Evenemang")
    COMPETITION = "competition", _("Skrivartävling")
    GROUP = "group", _("Återkommande skrivargrupp")
