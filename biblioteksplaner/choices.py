from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptingBody(models.TextChoices):
    MUNICIPAL_COUNCIL = "municipal_council", _("Kommunfullmäktige")
    COMMITTEE = "committee", _("Nämnd")
    REGIONAL_COUNCIL = "regional_council", _("Regionfullmäktige")
    REGIONAL_COMMITTEE = "regional_committee", _("Regional nämnd")


class PlanStatus(models.TextChoices):
    """Computed, never stored: see status.plan_status."""

    CURRENT = "current", _("Gällande")
    EXPIRING = "expiring", _("Går ut")
    EXPIRED = "expired", _("Utgången")
    MISSING = "missing", _("Saknas")
    DRAFTING = "drafting", _("Under arbete")


class ReportState(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjad")
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    RETURNED = "returned", _("Återsänd för komplettering")
    APPROVED = "approved", _("Godkänd")


EDITABLE_BY_REPORTER = [ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED]
ANSWERED = [ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED]


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "week_before", _("En vecka före sista svarsdag")
    DEADLINE = "deadline", _("Sista svarsdag")
    PLAN_EXPIRING = "plan_expiring", _("Biblioteksplanen går ut")
    ROUND_OPENED = "round_opened", _("Omgången har öppnat")
    BY_STAFF = "by_staff", _("Påminnelse från regionen")
