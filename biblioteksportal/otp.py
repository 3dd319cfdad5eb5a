"""The second factor (django-otp): a time-based code from an app (TOTP) and ten backup codes.

Staff and superusers must have one, and so must the roles in settings.MFA_REQUIRED_ROLES;
the other roles may enrol, and once they have, they verify too. Until a user who must has
verified, the portal treats them as not logged in, except on the second factor's own pages:
the public pages stay open, and a page that wants a login sends them to enrol or verify.
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import user_logged_in
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security
from .access import role_of

PREFIX = "/konto/tvafaktor/"
BACKUP_CODES = 10
ENROLLED = "second_factor_enrolled"  # in the session: the user had a device at login


def required(user):
    """Whether the user must have a second factor: staff, superusers and the chosen roles."""
    return user.is_staff or user.is_superuser or role_of(user) in settings.MFA_REQUIRED_ROLES


def must_verify(request):
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return required(user) or request.session.get(ENROLLED, False)


@receiver(user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    request.session[ENROLLED] = user_has_device(user)


def require_second_factor(get_response):
    """Hide an unverified user who must verify from every page but the second factor's and
    logout; a page that then asks for a login (the portal's or the admin's) sends them there."""

    def middleware(request):
        path = request.path_info
        if not must_verify(request) or path.startswith(PREFIX) or path == reverse("logout"):
            return get_response(request)
        user = request.user
        request.user = AnonymousUser()
        response = get_response(request)
        request.user = user
        login_pages = {resolve_url(settings.LOGIN_URL), reverse("admin:login")}
        if response.status_code == 302 and response["Location"].split("?")[0] in login_pages:
            return redirect(
                f"{reverse('otp-verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return response

    return middleware


def _next(request):
    url = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kod"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def refuse(self, throttled):
        self.add_error(
            "code",
            _("För många felaktiga koder. Vänta en stund och försök igen.")
            if throttled
            else _("Koden stämmer inte. Försök igen."),
        )


def _logged_in(view):
    def wrapped(request):
        if not request.user.is_authenticated:
            return redirect(
                f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
            )
        return view(request)

    return never_cache(wrapped)


@_logged_in
def enrol(request):
    """Show a new app key as a QR code and as text; a right code from the app confirms it,
    and the ten backup codes are shown, once."""
    user = request.user
    if user_has_device(user):
        return redirect(f"{reverse('otp-verify')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        throttled = not device.verify_is_allowed()[0]
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                backup = StaticDevice.objects.create(user=user, name="backup")
                codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
                backup.token_set.bulk_create(StaticToken(device=backup, token=c) for c in codes)
            request.session.cycle_key()
            otp_login(request, device)
            request.session[ENROLLED] = True
            security.log("mfa_enrolled", request, user=user)
            return render(
                request, "otp/backup_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.refuse(throttled)
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "otp/enrol.html",
        {
            "form": form,
            "qr": qr.svg_inline(scale=4, light="white", title=_("QR-kod för appen"), svgclass="qr"),
            "secret": b32encode(device.bin_key).decode(),
            "next": _next(request),
        },
    )


@_logged_in
def verify(request):
    """A code from the app, or one of the backup codes (each works once)."""
    user = request.user
    devices = list(devices_for_user(user))
    if not devices:
        return redirect(f"{reverse('otp-enrol')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "").lower()
        # Six digits are the app's code; a backup code is eight letters and digits.
        kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
        tried = [d for d in devices if isinstance(d, kind)]
        throttled = not all(d.verify_is_allowed()[0] for d in tried)
        for device in tried:
            if verify_token(user, device.persistent_id, code):
                request.session.cycle_key()
                otp_login(request, device)
                backup = isinstance(device, StaticDevice)
                security.log(
                    "mfa_backup_code_used" if backup else "mfa_verified", request, user=user
                )
                return redirect(_next(request))
        security.log("mfa_failed", request, user=user)
        form.refuse(throttled)
    return render(request, "otp/verify.html", {"form": form, "next": _next(request)})


def reset(user, request=None, by=None):
    """Delete the user's second factor: they enrol again when they next log in."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    security.log("mfa_reset", request, user=user, by=by.get_username() if by else "command")
