"""The app's pages, by sub-area: the public calendar, an event and its registrations, the
participants, the grants, and the self-assessment."""

from django.utils import timezone


def base_url(request):
    return request.build_absolute_uri("/")


def is_open(event):
    """Whether the event takes registrations now."""
    now = timezone.now()
    deadline = event.registration_deadline or event.start
    return not event.is_cancelled and now <= deadline and now < event.start
