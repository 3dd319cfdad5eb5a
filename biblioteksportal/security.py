"""The security log (README: Security log): one line per event on the logger
`biblioteksportal.security`, with the event, the user (or the username tried) and the client's
address. Logins, failed logins and logouts come from Django's auth signals, lockouts from
django-axes' signal; the views that change or reset a password call `log` themselves."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render

from .publicforms import client_address

logger = logging.getLogger("biblioteksportal.security")


def log(event, request, user=None, **details):
    """Logs `event` (e.g. "login_failed", "mfa_verified"); `user` or details' `username` names
    who. Every value is written as a Python literal, so no input can start a line of its own;
    never pass a password or a code."""
    username = user.get_username() if user else details.pop("username", None)
    address = client_address(request) if request else None
    fields = {"user": username, "address": address, **details}
    logger.info("%s %s", event, " ".join(f"{key}={value!r}" for key, value in fields.items()))


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log("login", request, user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log("login_failed", request, username=credentials.get("username"))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    log("logout", request, user)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    log("lockout", request, username=username)


def locked_out(request, response, credentials):
    """Axes' answer to a login while the username or the address is locked out."""
    context = {"minutes": settings.LOGIN_COOLOFF_MINUTES}
    return render(request, "registration/locked_out.html", context, status=429)
