"""A platform admin sets up an authenticator app, signs out, and signs in again with a code.

The codes are computed from the secret the page shows, as an authenticator app would.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from playwright.sync_api import expect

from conftest import PASSWORD, totp_code

from .conftest import check_page

pytestmark = pytest.mark.browser

SECOND_STEP = re.compile(r"/accounts/2fa/")


def fresh_code(secret: str, used: set[str]) -> str:
    """A code the app shows now that was not entered yet (each code works once)."""
    for step in (0, 1, -1):
        code = totp_code(secret, step)
        if code not in used:
            used.add(code)
            return code
    raise AssertionError("no unused code in the tolerance window")


def test_platform_admin_sets_up_a_second_factor_and_signs_in_with_it(page, live_server, cast):
    Authenticator.objects.filter(user=cast.admin).delete()
    cache.clear()  # rate limits and used codes from earlier tests
    used: set[str] = set()

    # The admin's address leads to Terreau's sign-in page, not the admin's own form.
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F"))
    page.locator("main input[name=login]").fill(cast.admin.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    # Signed in, but nothing else until the authenticator app is set up; first the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.locator(".message.info")).to_be_visible()  # why the admin is here
    check_page(page)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()  # the QR code
    check_page(page)
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret

    # A wrong code is refused with a message beside the field; the right one sets it up.
    page.locator("main input[name=code]").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("main")).to_contain_text(re.compile(r"Code incorrect|Incorrect code"))
    check_page(page)
    page.locator("main input[name=code]").fill(fresh_code(secret, used))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    recovery_codes = page.locator("#recovery_codes").input_value().split()
    assert len(recovery_codes) == 10
    check_page(page)

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/")
    page.get_by_role("banner").get_by_role("button", name=re.compile(r"Se déconnecter|Sign out")).click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    # Signing in again: the password, then the app's code.
    page.locator("main input[name=login]").fill(cast.admin.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    check_page(page)
    page.locator("main input[name=code]").fill(fresh_code(secret, used))
    page.locator("main form button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name, h1").first).to_be_visible()
    assert Authenticator.objects.filter(user=cast.admin, type=Authenticator.Type.TOTP).exists()
