"""Registrations and attendance, walked in Chromium: two members register to a meeting with two
places, a third waits; one gives up her place and the waiting one takes it; after the meeting a
facilitator ticks who came, adds a member who came without registering (the picker) and guests.
axe-core checks every page on the way."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from terreau.events.models import Event, Registration
from terreau.events.tests.factories import make_event
from terreau.exchanges.models import Notification

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def test_register_wait_take_a_freed_place_and_record_attendance(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"
    event = make_event(cast.community, starts_at=timezone.now() + timedelta(days=6), capacity=2)
    event_url = f"{base}/events/{event.pk}/"
    register = re.compile(r"^(S'inscrire|S’inscrire|Register|M'inscrire sur la liste d'attente|Join the waiting list)$")

    pages = {}
    for person in ("member", "observer", "core_member"):
        page = signed_in(browser, live_server, getattr(cast, person).email)
        visit(page, event_url)
        page.locator("#registration").get_by_role("button", name=register).click()
        expect(page.locator("#registration")).to_be_visible()
        check_page(page)
        pages[person] = page
    expect(pages["core_member"].locator("#registration .warning")).to_contain_text("1")  # first waiting
    assert Registration.objects.get(event=event, user=cast.core_member).status == "waiting"

    # Julie gives up her place: Marc, first on the list, takes it and is told.
    pages["member"].locator("#registration").get_by_role("button").click()
    check_page(pages["member"])
    assert Registration.objects.get(event=event, user=cast.core_member).status == "registered"
    assert Notification.objects.filter(recipient=cast.core_member, verb="event_place_freed").exists()

    # After the meeting, the facilitator records who came.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=1, hours=2), ends_at=timezone.now() - timedelta(days=1)
    )
    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    visit(facilitator, event_url)
    facilitator.locator("#attendance a").click()
    check_page(facilitator)
    thomas = Registration.objects.get(event=event, user=cast.observer)
    facilitator.locator(f"input[name=came][value='{thomas.pk}']").check()
    facilitator.locator("#id_walk_ins_member").press_sequentially("Julie", delay=30)
    facilitator.locator("#id_walk_ins_member_choices input[name=walk_ins]").first.check()
    check_page(facilitator)
    facilitator.locator("#id_guests_count").fill("2")
    facilitator.locator("main form.attendance button[type=submit]").click()
    expect(facilitator.locator(".message.success")).to_be_visible()
    check_page(facilitator)
    came = set(Registration.objects.filter(event=event, attended=True).values_list("user_id", "status"))
    assert came == {(cast.observer.pk, "registered"), (cast.member.pk, "walk_in")}
    assert Event.objects.get(pk=event.pk).guests_count == 2
