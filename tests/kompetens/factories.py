"""Builders for the kompetens tests."""

from datetime import timedelta

from django.utils import timezone

from biblioteksportal.choices import LibraryKind
from biblioteksportal.models import Library
from kompetens.choices import EventKind
from kompetens.models import TrainingEvent


def make_library(municipality, name=None):
    return Library.objects.create(
        region=municipality.region,
        municipality=municipality,
        name=name or f"{municipality.name}s bibliotek",
        kind=LibraryKind.MAIN,
    )


def make_event(region, days=30, capacity=20, **extra):
    start = timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields = {
        "region": region,
        "title": "Digital källkritik",
        "kind": EventKind.HALF_DAY,
        "start": start,
        "end": start + timedelta(hours=4),
        "place": "Västerås stadsbibliotek",
        "capacity": capacity,
        **extra,
    }
    return TrainingEvent.objects.create(**fields)
