"""Builders for the reading-promotion tests."""

from datetime import date

import pytest
from django.utils import timezone

from biblioteksportal import links
from biblioteksportal.models import Organisation
from lasframjande.choices import (
    ActorKind,
    AgeGroup,
    ArenaKind,
    MemberKind,
    ModerationStatus,
    Offer,
    ProjectPhase,
)
from lasframjande.models import (
    ArenaParticipation,
    LiteraryActor,
    Method,
    MethodLink,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)


def make_actor(region, name, status=ModerationStatus.APPROVED, shown=True, **extra):
    """An actor, with the removal token that only the actor knows in `actor.token`."""
    actor = LiteraryActor.objects.create(
        region=region,
        name=name,
        kinds=extra.pop("kinds", [ActorKind.WRITER]),
        offers=extra.pop("offers", [Offer.READING]),
        email=extra.pop("email", "aktor@example.org"),
        consented_at=timezone.now(),
        show_in_directory=shown,
        status=status,
        **extra,
    )
    actor.token = links.issue(actor)
    return actor


def grow_register(region, municipality, n, start=0):
    """n of every record kind, in every state that a page must show or hide."""
    for i in range(start, start + n):
        make_actor(region, f"Godkänd {i}", municipality=municipality)
        make_actor(region, f"Ogranskad {i}", status=ModerationStatus.PENDING)
        make_actor(region, f"Dold {i}", shown=False)
        organisation = Organisation.objects.create(name=f"Organisation {i}", kind="other")
        member = NetworkMember.objects.create(
            region=region,
            organisation=organisation,
            kind=list(MemberKind)[i % len(MemberKind)],
            municipality=municipality if i % 2 else None,
            contact_name=f"Kontakt {i}",
            since=date(2019, 3, 1),
        )
        meeting = NetworkMeeting.objects.create(
            region=region, date=date(2019, 5, 1 + i % 28), title=f"Träff {i}", notes="Anteckning."
        )
        meeting.attendees.add(member)
        method = Method.objects.create(
            region=region,
            name=f"Metod {i}",
            age_groups=[AgeGroup.AGE_0_5],
            description="Beskrivning.",
            added=date(2019, 2, 1),
        )
        MethodLink.objects.create(method=method, title=f"Länk {i}", url="https://example.org/")
        project = Project.objects.create(
            region=region, name=f"Projekt {i}", phase=ProjectPhase.IDEA, start=date(2019, 1, 1)
        )
        project.partners.add(organisation)
        project.methods.add(method)
        arena = WritingArena.objects.create(
            region=region,
            title=f"Skrivarverkstad {i}",
            kind=ArenaKind.WORKSHOP,
            age_groups=[AgeGroup.AGE_10_12],
            start=date(2019, 4, 1),
            place="Biblioteket",
            municipality=municipality,
            organiser="Biblioteket",
        )
        ArenaParticipation.objects.create(arena=arena, age_group=AgeGroup.AGE_10_12, count=5)
        ArenaParticipation.objects.create(arena=arena, age_group=AgeGroup.AGE_13_15, count=2)


@pytest.fixture
def register_data(region, vasteras):
    grow_register(region, vasteras, 1)
    return region
