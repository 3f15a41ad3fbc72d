"""A retrospective end to end, in Chromium: the facilitator opens one from the community's tab;
two members post cards at the same time in two browser contexts; the facilitator groups two of
them and moves it to the vote; the members vote (one takes a vote back); the facilitator ends it
and saves the record, pre-filled from the results. axe-core checks every page on the way at a
laptop's width, and the board at each step also at a phone's (390)."""

import re

import pytest
from playwright.sync_api import expect

from terreau.retrospectives.models import Card, CardGroup, Retrospective, Vote

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def at_phone_width(page, url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, url)
    # The columns stack: each one as wide as the page, one under the other.
    first, second = page.locator("section.retro-column").nth(0), page.locator("section.retro-column").nth(1)
    assert first.bounding_box()["y"] < second.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


def post_card(page, column: str, text: str) -> None:
    section = page.locator(f"#column-{column}")
    section.locator("textarea[name=text]").fill(text)
    section.locator("form.retro-add button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()


def test_a_retrospective_opened_carded_grouped_voted_ended_and_recorded(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"

    # The facilitator opens one from the community's tab.
    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    visit(facilitator, f"{base}/")
    facilitator.get_by_role("navigation", name=re.compile(r"Communauté|Community")).get_by_role(
        "link", name=re.compile(r"^(Rétrospective|Retrospective)$")
    ).click()
    check_page(facilitator)
    facilitator.locator(f"main a[href='/c/{cast.community.slug}/retrospectives/new/']").click()
    check_page(facilitator)
    facilitator.locator("input[name=title]").fill("Six mois après : si c'était à refaire")
    facilitator.locator("input[name=votes_per_member]").fill("3")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator).to_have_url(re.compile(r"/retrospectives/\d+/$"))
    check_page(facilitator)
    retro = Retrospective.objects.get()
    board = f"{base}/retrospectives/{retro.pk}/"

    # Two members post cards, each in their own browser.
    member = signed_in(browser, live_server, cast.member.email)
    observer = signed_in(browser, live_server, cast.observer.email)
    visit(member, board)
    visit(observer, board)
    post_card(member, "keep", "Les visites de fermes")
    post_card(observer, "keep", "Les rencontres chez un producteur")
    post_card(member, "stop", "Les réunions de deux heures")
    post_card(observer, "add", "Un annuaire des producteurs")
    check_page(observer)
    member.reload()
    expect(member.locator("#column-keep .retro-item")).to_have_count(2)
    check_page(member)
    at_phone_width(member, board)

    # The facilitator groups the two cards of "keep", then moves it to the vote.
    visit(facilitator, board)
    keep = facilitator.locator("#column-keep")
    keep.locator("details.retro-grouping summary").click()
    for card in Card.objects.filter(column="keep"):
        keep.locator(f"input[name=cards][value='{card.pk}']").check()
    keep.locator("details.retro-grouping input[name=title]").fill("Se voir sur le terrain")
    keep.locator("details.retro-grouping button[type=submit]").click()
    expect(facilitator.locator("#column-keep .retro-group h3")).to_have_text("Se voir sur le terrain")
    check_page(facilitator)
    facilitator.locator("form[action$='/move/'] button[type=submit]").click()
    expect(facilitator.locator("ol.election-steps li[aria-current=step]")).to_contain_text(re.compile("Vote"))
    check_page(facilitator)
    group = CardGroup.objects.get()

    # The members vote; one takes a vote back.
    member.reload()
    check_page(member)
    member.locator(f"#group-{group.pk} button[value=add]").click()
    member.locator(f"#group-{group.pk} button[value=add]").click()
    stop = Card.objects.get(column="stop")
    member.locator(f"#card-{stop.pk} button[value=add]").click()
    member.locator(f"#group-{group.pk} button[value=take_back]").click()
    expect(member.locator(".notice")).to_contain_text(re.compile(r"1 (vote|voix)"))
    check_page(member)
    at_phone_width(member, board)
    observer.reload()
    observer.locator(f"#group-{group.pk} button[value=add]").click()
    check_page(observer)
    assert Vote.objects.filter(group=group).count() == 2 and Vote.objects.filter(card=stop).count() == 1

    # The facilitator ends it and saves the record, pre-filled from the results.
    facilitator.reload()
    facilitator.locator("form[action$='/move/'] button[type=submit]").click()
    expect(facilitator).to_have_url(re.compile(r"/record/$"))
    check_page(facilitator)
    record = facilitator.locator("textarea[name=record]")
    expect(record).to_have_value(re.compile(r"\*\*Se voir sur le terrain\*\* \(2 (votes|voix)\)"))
    record.fill(record.input_value() + "Un annuaire des producteurs pour la rentrée.")
    facilitator.locator("main form button[type=submit]").click()
    expect(facilitator).to_have_url(board)
    expect(facilitator.locator("section.panel .prose")).to_contain_text("Se voir sur le terrain")
    check_page(facilitator)
    at_phone_width(facilitator, board)
    retro.refresh_from_db()
    assert retro.status == "done" and "Se voir sur le terrain" in retro.record

    # The record is on the list, folded under each retrospective.
    visit(observer, f"{base}/retrospectives/")
    observer.locator(f"#retrospective-{retro.pk} details summary").click()
    expect(observer.locator(f"#retrospective-{retro.pk} .prose")).to_contain_text("Se voir sur le terrain")
    check_page(observer)
