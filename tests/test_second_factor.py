"""The second factor (biblioteksportal/otp.py, README: Second factor): enrolment with a QR code,
backup codes, verification, the admin behind it, the roles that must have it, the reset."""

import re
from io import StringIO

from django.core.management import call_command
from django.test import Client, RequestFactory
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from biblioteksportal.sites import PortalAdminSite

from .conftest import login

VERIFY = "/konto/tvafaktor/"
ENROL = "/konto/tvafaktor/aktivera/"


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def logged_in(user):
    client = Client()
    client.force_login(user)  # the password only: no second factor yet
    return client


def enrolled(user):
    """A confirmed app device and the backup codes, enrolled through the pages."""
    client = logged_in(user)
    client.get(ENROL)
    page = client.post(ENROL, {"code": code(TOTPDevice.objects.get(user=user))}).text
    return re.findall(r"<code>(\w+)</code>", page)


def test_a_staff_member_without_a_device_is_sent_to_enrol(staff_user):
    client = logged_in(staff_user)
    response = client.get("/oversikt/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Foversikt%2F"
    response = client.get(response["Location"])
    assert response["Location"] == f"{ENROL}?next=%2Foversikt%2F"


def test_enrolment_shows_a_qr_code_and_the_key_and_a_right_code_confirms(staff_user, caplog):
    client = logged_in(staff_user)
    page = client.get(f"{ENROL}?next=/oversikt/").text
    device = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    svg = re.search(r"<svg.*?</svg>", page, re.S).group()
    assert 'class="qr"' in svg and "<path" in svg
    assert "style" not in svg  # the CSP allows no inline style
    secret = re.search(r'<code class="otp-secret">(\w+)</code>', page).group(1)
    assert f"secret={secret}&" in device.config_url
    assert client.get("/oversikt/").status_code == 302  # not yet

    response = client.post(ENROL, {"code": code(device), "next": "/oversikt/"})
    codes = re.findall(r"<code>(\w+)</code>", response.text)
    assert len(set(codes)) == 10
    assert 'href="/oversikt/"' in response.text
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/oversikt/").status_code == 200
    assert "mfa_enrolled user='regional'" in caplog.text


def test_a_wrong_code_is_refused_at_the_field(staff_user):
    client = logged_in(staff_user)
    client.get(ENROL)
    right = code(TOTPDevice.objects.get(user=staff_user))
    response = client.post(ENROL, {"code": "000000" if right != "000000" else "111111"})
    field = re.search(r'<div class="field-errors">(.*?)</div>', response.text, re.S).group(1)
    assert "Koden stämmer inte. Försök igen." in field
    assert not TOTPDevice.objects.get(user=staff_user).confirmed
    assert client.get("/oversikt/").status_code == 302


def test_backup_codes_are_shown_once_and_each_works_once(staff_user, caplog):
    codes = enrolled(staff_user)
    client = logged_in(staff_user)
    response = client.get(ENROL)  # enrolled: no new key, no codes
    assert response["Location"].startswith(VERIFY)
    assert not re.findall(r"<code>", client.get(VERIFY).text)

    response = client.post(VERIFY, {"code": codes[0], "next": "/oversikt/"})
    assert response["Location"] == "/oversikt/"
    assert client.get("/oversikt/").status_code == 200
    assert "mfa_backup_code_used user='regional'" in caplog.text

    again = logged_in(staff_user)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.text
    assert "mfa_failed user='regional'" in caplog.text
    assert again.get("/oversikt/").status_code == 302


def test_the_admin_is_refused_without_the_second_factor_and_open_after(staff_user, caplog):
    device = TOTPDevice.objects.create(user=staff_user, name="app")
    client = logged_in(staff_user)
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/admin/biblioteksportal/region/").status_code == 302

    response = client.post(VERIFY, {"code": code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert "mfa_verified user='regional'" in caplog.text


def test_the_admin_site_asks_for_a_verified_user(staff_user):
    request = RequestFactory().get("/admin/")
    request.user = staff_user
    staff_user.is_verified = lambda: False
    assert not PortalAdminSite().has_permission(request)
    staff_user.is_verified = lambda: True
    assert PortalAdminSite().has_permission(request)


def test_public_pages_and_logout_stay_open_before_verifying(staff_user):
    client = logged_in(staff_user)
    about = client.get("/om/", follow=True)
    assert about.status_code == 200
    assert "Logga ut" not in about.text  # shown as not logged in
    assert client.post("/konto/logout/")["Location"] == "/konto/login/"
    assert "_auth_user_id" not in client.session


def test_a_library_head_is_not_forced_but_may_enrol(head_user, vasteras):
    client = logged_in(head_user)
    assert client.get(f"/kommun/{vasteras.code}/").status_code == 200
    assert ENROL in client.get("/konto/password_change/").text
    enrolled(head_user)
    again = logged_in(head_user)  # enrolled: verifies at every login from now on
    assert again.get(f"/kommun/{vasteras.code}/").status_code == 302


def test_a_setting_requires_it_of_reporters(settings, reporter_user):
    url = "/biblioteksplaner/min-rapport/"
    assert logged_in(reporter_user).get(url).status_code != 302
    settings.MFA_REQUIRED_ROLES = ["regional_staff", "reporter"]
    assert (
        logged_in(reporter_user).get(url)["Location"] == f"{VERIFY}?next={url.replace('/', '%2F')}"
    )


def test_another_staff_member_resets_it_in_the_admin(staff_user, region, caplog):
    from .builders import make_user

    enrolled(staff_user)
    colleague = make_user("kollega", is_staff=True, is_superuser=True)
    admin = Client()
    login(admin, colleague)
    response = admin.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [staff_user.pk]},
    )
    assert response.status_code == 302
    assert not list(devices_for_user(staff_user, confirmed=None))
    assert "mfa_reset user='regional'" in caplog.text and "by='kollega'" in caplog.text
    assert logged_in(staff_user).get(VERIFY)["Location"].startswith(ENROL)


def test_the_command_resets_the_last_admin(staff_user):
    enrolled(staff_user)
    out = StringIO()
    call_command("reset_second_factor", "regional", stdout=out)
    assert "reset" in out.getvalue()
    assert not list(devices_for_user(staff_user, confirmed=None))
