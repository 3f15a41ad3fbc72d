"""My calendars, walked in Chromium: a member finds their addresses, subscribes (the feed answers
an iCalendar), renews them (the old address stops answering), and adds one event to their
calendar from its page. axe-core checks every page on the way."""

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from terreau.core.models import Visibility
from terreau.events.tests.factories import make_event

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 (the live server)
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
            assert response.read().startswith(b"BEGIN:VCALENDAR")
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_member_subscribes_renews_and_adds_one_event(browser, live_server, cast):
    event = make_event(cast.community, title="Journée de lancement", visibility=Visibility.MEMBERS)
    page = signed_in(browser, live_server, cast.member.email)
    page.get_by_role("link", name=re.compile(r"^(Mes agendas|My calendars)$")).first.click()
    check_page(page)
    address = page.get_by_label(re.compile(r"^(Adresse d’abonnement|Address to subscribe to)$"))
    first = address.input_value()
    assert first.startswith(live_server.url + "/calendar/") and first.endswith(".ics")
    assert _status(first) == 200

    page.get_by_role("button", name=re.compile(r"Renouveler|Renew my calendar")).click()
    check_page(page)
    expect(page.locator(".messages")).to_contain_text(re.compile(r"renouvelées|renewed"))
    second = address.input_value()
    assert second != first
    assert _status(first) == 404
    assert _status(second) == 200

    visit(page, f"{live_server.url}/c/{cast.community.slug}/events/{event.pk}/")
    panel = page.get_by_role("region", name=re.compile(r"Ajouter à mon agenda|Add to my calendar"))
    expect(panel.get_by_role("link", name=re.compile(r"Google"))).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?action=TEMPLATE")
    )
    with page.expect_download() as download:
        panel.get_by_role("link", name=re.compile(r"\.ics")).click()
    assert download.value.suggested_filename == f"journee-de-lancement-{event.starts_at:%Y%m%d}.ics"
