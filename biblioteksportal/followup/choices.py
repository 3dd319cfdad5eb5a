from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")


class Source(models.TextChoices):
    """How an indicator's values are obtained."""

    ENTERED = "entered", _("Anges i uppföljningen")
    COMPUTED = "computed", _("Beräknas ur portalens uppgifter")
    NATIONAL = "national", _("Hämtas ur nationell statistik")


class Rollup(models.TextChoices):
    """How the municipalities' values make the county's."""

    SUM = "sum", _("Summa av kommunernas värden")
    MEAN = "mean", _("Medelvärde av kommunernas värden")
    WEIGHTED = "weighted", _("Medelvärde viktat efter kommunernas invånare")
    NONE = "none", _("Inga kommunvärden, bara länets")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Helår")
    HALF = "half", _("Halvår")
    TERTIAL = "tertial", _("Tertial")
    QUARTER = "quarter", _("Kvartal")


PERIODS_PER_YEAR = {"year": 1, "half": 2, "tertial": 3, "quarter": 4}


class Light(models.TextChoices):
    """The traffic light of an outcome against its target."""

    MET = "met", _("Uppnått")
    NEAR = "near", _("Nära målet")
    NOT_MET = "not_met", _("Inte uppnått")
    NO_VALUE = "no_value", _("Inget värde")


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", _("Kommande")
    OPEN = "open", _("Pågår")
    LATE = "late", _("Försenad")
    COMPLETE = "complete", _("Avslutad")


class StatisticSource(models.TextChoices):
    KOLADA = "kolada", _("Kolada")
    KB = "kb", _("KB:s biblioteksstatistik")


class Gender(models.TextChoices):
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")
