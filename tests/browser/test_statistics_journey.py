"""The statistics dashboard in Chromium, with a hand-counted year behind it: the facilitator
goes through every granularity, each page axe-clean at a laptop's width and the month at a
phone's (390); the CSV link is there; a member sees the lighter figures and no names."""

import pytest
from playwright.sync_api import expect

from terreau.stats import aggregation
from terreau.stats.tests import fixtures

from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def test_the_dashboard_reads_at_every_granularity(browser, live_server, cast):
    fixtures.build(cast)
    aggregation.aggregate_due()
    url = f"{live_server.url}/c/{cast.community.slug}/statistics/"
    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    for granularity in ("day", "week", "month", "quarter", "year"):
        visit(facilitator, f"{url}?g={granularity}")
        expect(facilitator.locator("svg.chart[role=img]").first).to_be_visible()
    expect(facilitator.locator("a[href*='export.csv']")).to_have_count(1)
    facilitator.set_viewport_size({"width": 390, "height": 844})
    visit(facilitator, f"{url}?g=month")  # axe-core checks it at a phone's width too

    member = signed_in(browser, live_server, cast.member.email)
    visit(member, url)
    expect(member.locator("a[href*='export.csv']")).to_have_count(0)
