"""A member accepts the new privacy notice, looks at their sessions, downloads their data and
deletes their account; axe-core checks every page on the way."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from terreau.accounts.models import User

from .conftest import check_page
from .test_journeys import sign_in

pytestmark = pytest.mark.browser


def test_member_accepts_the_notice_downloads_their_data_and_deletes_their_account(
    page, live_server, cast, settings, tmp_path
):
    settings.TERREAU_CONSENT_REQUIRED = True
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main input[name=login]").fill(cast.member.email)
    page.locator("main input[name=password]").fill("a-long-test-password")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/consent/"))
    check_page(page)
    page.locator("main input[name=accept_terms]").check()
    page.locator("main input[name=accept_privacy]").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/consent/"))

    page.goto(f"{live_server.url}/profile/sessions/")
    check_page(page)
    expect(page.locator("main table")).to_contain_text(re.compile(r"cet appareil|this device"))

    page.goto(f"{live_server.url}/profile/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Télécharger toutes mes données|Download all my data")).click()
    path = tmp_path / "data.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        assert "accounts.json" in archive.namelist()

    page.get_by_role("link", name=re.compile(r"Supprimer mon compte|Delete my account")).click()
    expect(page).to_have_url(re.compile(r"/profile/delete/"))
    check_page(page)
    page.locator("main input[name=confirmation]").fill("oui")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text(re.compile(r"exactement|exactly"))
    check_page(page)
    page.locator("main input[name=confirmation]").fill("SUPPRIMER")
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{live_server.url}/")
    assert User.objects.get(pk=cast.member.pk).erased_at is not None


def test_the_sessions_page_on_a_phone(page, live_server, cast):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, cast.member.email)
    page.goto(f"{live_server.url}/profile/sessions/")
    check_page(page)
