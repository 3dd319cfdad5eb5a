"""The second factor in the browser: logging in, enrolling with the QR code and the backup
codes, 0 axe violations on its pages."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..builders import PASSWORD
from .conftest import axe_violations


def test_first_login_of_regional_staff_enrols_the_app(page, staff_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code may follow the wrong one at once
    page.goto("/konto/login/?next=/admin/")
    page.fill("#id_username", "regional")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/konto/tvafaktor/aktivera/?next=%2Fadmin%2F")
    assert page.locator("svg.qr").is_visible()
    assert axe_violations(page) == []

    page.fill("#id_code", "000000")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert axe_violations(page) == []  # the error at the field

    device = TOTPDevice.objects.get(user=staff_user)
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator(".backup-codes li").count() == 10
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("text=Jag har sparat koderna, fortsätt")
    assert page.url.endswith("/admin/")
