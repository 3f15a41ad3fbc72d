"""A facilitator plans the monthly meetings of the running demo community, cancels one, is
refused the next one's cancellation, then confirms it with a reason; the calendar, the month,
the series and the event pages are checked by axe-core on the way, on a laptop and on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.demo import data as demo
from terreau.events.models import Event, History, Series

from .conftest import check_page

pytestmark = pytest.mark.browser

SLUG = "circuits-courts"


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main input[name=login]").fill("noyau@terreau.test")
    page.locator("main input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def visit(page, url):
    page.goto(url)
    check_page(page)


def test_a_facilitator_plans_a_series_and_meets_the_rule(page, live_server, transactional_db):
    demo.demo_load()
    base = f"{live_server.url}/c/{SLUG}"
    sign_in(page, live_server)

    visit(page, f"{base}/events/")
    page.get_by_role("link", name=re.compile(r"^(Prévoir des rencontres régulières|Plan regular meetings)$")).click()
    check_page(page)
    page.locator("input[name=title]").fill("Midi des circuits courts")
    page.locator("input[name=pattern][value=monthly_weekday]").check()
    page.locator("select[name=nth]").select_option("-1")
    page.locator("select[name=weekday]").select_option("4")
    # After the demo's monthly meetings end (about three months ahead): none comes in between.
    page.locator("input[name=start_day]").fill((timezone.localdate() + timedelta(days=150)).isoformat())
    page.locator("input[name=starts]").fill("12:00")
    page.locator("input[name=ends]").fill("13:30")
    page.locator("input[name=format][value=online]").check()
    page.locator("input[name=online_url]").fill("https://visio.example.org/midi")
    page.locator("main form button[type=submit]").first.click()
    check_page(page)
    series = Series.objects.get(title="Midi des circuits courts")
    assert series.rule == "FREQ=MONTHLY;BYDAY=-1FR"
    expect(page.locator("p.lead")).to_contain_text("12:00–13:30")

    first, second = series.events.order_by("starts_at")[:2]
    visit(page, f"{base}/events/{first.pk}/")
    page.get_by_role("link", name=re.compile(r"^(Annuler cet événement|Cancel this event)$")).click()
    check_page(page)
    page.locator("textarea[name=reason]").fill("Salle fermée")
    page.locator("main form button[type=submit]").first.click()
    check_page(page)
    assert Event.objects.get(pk=first.pk).is_cancelled

    visit(page, f"{base}/events/{second.pk}/cancel/")
    page.locator("textarea[name=reason]").fill("Peu d'inscrits")
    page.locator("main form button[type=submit]").first.click()
    check_page(page)
    expect(page.locator(".errors")).to_be_visible()
    assert not Event.objects.get(pk=second.pk).is_cancelled
    page.locator("textarea[name=reason]").fill("Inondations dans la vallée")
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").first.click()
    check_page(page)
    assert Event.objects.get(pk=second.pk).cancel_confirmed_by is not None
    assert History.objects.filter(event=second, what=History.What.CANCEL_REFUSED).exists()

    visit(page, f"{base}/events/series/{series.pk}/")
    expect(page.get_by_text("Inondations dans la vallée")).to_be_visible()
    month = first.starts_at.astimezone(timezone.get_current_timezone())
    visit(page, f"{base}/events/{month.year}/{month.month}/")
    visit(page, f"{base}/events/?past=1")
    visit(page, f"{base}/")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in [
        "/events/",
        f"/events/{month.year}/{month.month}/",
        f"/events/series/{series.pk}/",
        f"/events/{second.pk}/",
    ]:
        visit(page, f"{base}{path}")
