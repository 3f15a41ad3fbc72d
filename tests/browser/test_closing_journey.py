"""Closing a community, walked in Chromium: the core team generates the recognition document,
edits and publishes it, hands the knowledge over to an organisation, then closes the community.
axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from terreau.closing.models import Recipient, Recognition
from terreau.closing.tests.helpers import to_close_phase
from terreau.communities.models import Phase

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def test_recognition_transfer_and_close(browser, live_server, cast):
    to_close_phase(cast.community)
    base = f"{live_server.url}/c/{cast.community.slug}"
    page = signed_in(browser, live_server, cast.core_member.email)
    visit(page, f"{base}/closing/")

    # The recognition document: generated, edited, previewed, published.
    page.locator("form[action$='/closing/recognition/generate/'] button").first.click()
    expect(page.locator("textarea[name=text]")).to_be_visible()
    check_page(page)
    page.locator("input[name=title]").fill("Merci à Circuits courts")
    page.locator("button[name=preview]").click()
    expect(page.locator("#preview-title")).to_be_visible()
    page.locator("button[name=save]").click()
    page.locator("form[action$='/closing/recognition/publish/'] button").click()
    expect(page.locator("h1")).to_have_text("Merci à Circuits courts")
    check_page(page)
    assert Recognition.objects.get().published_at is not None

    # The transfer: an organisation added, given a read access.
    visit(page, f"{base}/closing/transfer/")
    page.locator("#id_organisation").fill("Maison du tourisme")
    page.locator("#id_email").fill("contact@maison.test")
    page.locator("main form[novalidate] button[type=submit]").click()
    page.locator("td.item-actions a").first.click()
    check_page(page)
    page.locator("input[name=access][value=read]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("td.item-actions form")).to_be_visible()
    assert Recipient.objects.get().access == "read"

    # The close, confirmed.
    visit(page, f"{base}/closing/")
    page.locator("input[name=confirm]").check()
    page.locator("form[action$='/closing/close/'] button").click()
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    check_page(page)
    cast.community.refresh_from_db()
    assert cast.community.phase == Phase.CLOSED
