from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    FINAL = "final", _("Slutlig")
    SUPERSEDED = "superseded", _("Ersatt")


class SignatureStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Inte skickat")
    SENT = "sent", _("Skickat för underskrift")
    SIGNED = "signed", _("Undertecknat")
    DECLINED = "declined", _("Avböjt")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    MEMBER = "member", _("Ledamot")
    SECRETARY = "secretary", _("Sekreterare")


class RolloutStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    IN_PROGRESS = "in_progress", _("Pågår")
    LIVE = "live", _("I drift")
    NOT_TAKING_PART = "not_taking_part", _("Deltar inte")


class RuleKind(models.TextChoices):
    LOAN_PERIOD = "loan_period", _("Lånetid (dagar)")
    LOAN_LIMIT = "loan_limit", _("Max antal lån")
    RESERVATION_LIMIT = "reservation_limit", _("Max antal reservationer")
    RENEWALS = "renewals", _("Antal omlån")
    RESERVATION_FEE = "reservation_fee", _("Reservationsavgift (kr)")
    LOST_ITEM_FEE = "lost_item_fee", _("Ersättning för förlorad medie (kr)")
    DAMAGED_ITEM_FEE = "damaged_item_fee", _("Ersättning för skadad medie (kr)")
    LOST_CARD_FEE = "lost_card_fee", _("Avgift för nytt lånekort (kr)")
    COMPENSATION = "compensation", _("Ersättning mellan kommuner (kr)")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("måndag")
    TUESDAY = 2, _("tisdag")
    WEDNESDAY = 3, _("onsdag")
    THURSDAY = 4, _("torsdag")
    FRIDAY = 5, _("fredag")
    SATURDAY = 6, _("lördag")
    SUNDAY = 7, _("söndag")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")
