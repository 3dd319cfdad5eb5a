"""A logged-in session's limits and private responses (README: Security).

A session ends `SESSION_IDLE_MINUTES` after its last request and `SESSION_HOURS` after its
login, however active. Every response to a logged-in user and every download is `no-store`,
so no shared or browser cache keeps a copy; the personal-link views add `never_cache`."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

LOGIN_AT = "login_at"
SEEN_AT = "seen_at"
# The last request's time is written at most once a minute, not one session write per request.
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _start(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = request.session[SEEN_AT] = int(time.time())


def session_limits(get_response):
    """Logs out a session past its idle timeout or its absolute lifetime (or without its
    login time): the request goes on as anonymous, with a message for the login page."""

    def middleware(request):
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
            if (
                login_at is None
                or seen_at is None
                or now - login_at >= settings.SESSION_COOKIE_AGE
                or now - seen_at >= settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Din inloggning har gått ut. Logga in igen."))
            elif now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return get_response(request)

    return middleware


def no_store(get_response):
    """`Cache-Control: no-store` on every response to a logged-in user and on every download
    (a response with `Content-Disposition`)."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated or response.has_header("Content-Disposition"):
            add_never_cache_headers(response)
        return response

    return middleware
