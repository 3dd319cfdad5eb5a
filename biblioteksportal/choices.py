from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGIONAL_STAFF = "regional_staff", _("Regional personal")
    LIBRARY_HEAD = "library_head", _("Bibliotekschef")
    REPORTER = "reporter", _("Kommunrapportör")


class LibraryKind(models.TextChoices):
    MAIN = "main", _("Huvudbibliotek")
    BRANCH = "branch", _("Filial")
    HOSPITAL = "hospital", _("Sjukhusbibliotek")
    OTHER = "other", _("Annat")


class OrganisationKind(models.TextChoices):
    NATIONAL_AGENCY = "national_agency", _("Nationell myndighet")
    ASSOCIATION = "association", _("Förening eller nätverk")
    UNIVERSITY = "university", _("Högskola")
    REGION = "region", _("Region eller regional biblioteksverksamhet")
    MUNICIPALITY = "municipality", _("Kommun")
    LIBRARY = "library", _("Bibliotek")
    FOLK_HIGH_SCHOOL = "folk_high_school", _("Folkhögskola")
    STUDY_ASSOCIATION = "study_association", _("Studieförbund")
    SUPPLIER = "supplier", _("Leverantör")
    GROUP = "group", _("Grupp av aktörer")
    OTHER = "other", _("Annan")


class EmploymentKind(models.TextChoices):
    PERMANENT = "permanent", _("Tillsvidare")
    PROJECT = "project", _("Projektanställning")
    HOURLY = "hourly", _("Timanställning")


class AreaApp(models.TextChoices):
    """The four development areas, each bound to the app that manages it."""

    SAMVERKAN = "samverkan", _("Bibliotekssamverkan")
    KOMPETENS = "kompetens", _("Folkbibliotekens digitala utveckling")
    BIBLIOTEKSPLANER = "biblioteksplaner", _("Folkbibliotekens kvalitetsarbete")
    LASFRAMJANDE = "lasframjande", _("Läs- och litteraturfrämjande verksamhet")


class GoalKind(models.TextChoices):
    AIM = "aim", _("Utvecklingsmål")
    SUBGOAL = "subgoal", _("Delmål")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomförd")
    POSTPONED = "postponed", _("Uppskjuten")
    CANCELLED = "cancelled", _("Inställd")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Misslyckades")


class OpenDataLicence(models.TextChoices):
    """The licence of a region's open data (SPDX identifiers), with the licence's URI."""

    CC0 = "CC0-1.0", _("CC0 1.0 Universell (fri användning utan villkor)")
    CC_BY = "CC-BY-4.0", _("CC BY 4.0 (fri användning med angivande av källan)")

    @property
    def url(self):
        return {
            "CC0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
            "CC-BY-4.0": "http://creativecommons.org/licenses/by/4.0/",
        }[self.value]


class Compliance(models.TextChoices):
    """How far a digital service meets the accessibility requirements (DIGG's three levels)."""

    FULL = "full", _("helt förenlig med lagkraven")
    PARTIAL = "partial", _("delvis förenlig med lagkraven")
    NONE = "none", _("inte förenlig med lagkraven")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("självskattning (egen granskning)")
    THIRD_PARTY = "third_party", _("granskning av tredje part")


class ShortcomingReason(models.TextChoices):
    """Why content is not accessible: the three headings of DIGG's model statement."""

    NON_COMPLIANCE = "non_compliance", _("Bristande förenlighet med lagkraven")
    DISPROPORTIONATE_BURDEN = "disproportionate_burden", _("Oskäligt betungande anpassning")
    OUT_OF_SCOPE = "out_of_scope", _("Innehåll som inte omfattas av lagkraven")
