from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up with indicators: targets and values per period, follow-up rounds, and the
    national statistics they are pre-filled from. Part of the core (no area app's code)."""

    name = "biblioteksportal.followup"
    label = "followup"
    verbose_name = _("Uppföljning")
