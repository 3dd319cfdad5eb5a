"""What other apps may ask of kompetens: the declared interface (import-linter lets the other
area apps import this module of kompetens and nothing else)."""

from django.db.models import Count, Q

from .choices import Audience, EventStatus
from .models import TrainingEvent

ATTENDED = Count("registrations", filter=Q(registrations__attended=True))


def events_for_adults_with_children(user):
    """The training events for adults who work with children that `user` may see, newest
    first, each with its organiser and `attended`, the number of participants who attended."""
    return (
        TrainingEvent.objects.for_user(user)
        .filter(audience=Audience.CHILDREN_ADULTS)
        .select_related("organiser")
        .annotate(attended=ATTENDED)
        .order_by("-start")
    )


def adults_with_children_in_year(region, year):
    """(events, attended): the region's training events for adults who work with children
    that started in `year` and were not cancelled, and how many attended them."""
    events = TrainingEvent.objects.filter(
        region=region, audience=Audience.CHILDREN_ADULTS, start__year=year
    ).exclude(status=EventStatus.CANCELLED)
    return events.count(), events.aggregate(n=ATTENDED)["n"]
