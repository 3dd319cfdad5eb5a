"""The constraints of the kompetens models."""

from datetime import timedelta

import pytest
from django.db import IntegrityError

from kompetens.choices import DigComp, RegistrationStatus
from kompetens.models import Registration

from ..builders import make_event, make_library


def test_event_needs_place_or_link(region):
    with pytest.raises(IntegrityError, match="kompetens_event_place_or_link"):
        make_event(region, place="")


def test_event_deadline_before_start(region):
    event = make_event(region, digcomp=[DigComp.SAFETY])
    event.registration_deadline = event.start + timedelta(days=1)
    with pytest.raises(IntegrityError, match="kompetens_event_deadline_before_start"):
        event.save()


def test_same_email_once_per_event_unless_cancelled(region, vasteras):
    event, library = make_event(region), make_library(vasteras)
    fields = {"event": event, "library": library, "name": "A"}
    Registration.objects.create(
        email="a@example.org", status=RegistrationStatus.CANCELLED, **fields
    )
    Registration.objects.create(
        email="a@example.org", status=RegistrationStatus.CONFIRMED, **fields
    )
    with pytest.raises(IntegrityError, match="kompetens_registration_email_once"):
        Registration.objects.create(
            email="A@example.org", status=RegistrationStatus.WAITING, **fields
        )
