"""The idea box end to end, in Chromium: a member proposes an idea; another supports it and
comments, mentioning the facilitator; the core team answers "taken up" and turns it into an
action of the action plan, whose page links back to the idea. axe-core checks every page on the
way at a laptop's width, the idea box, the idea and the action also at a phone's (390)."""

import re

import pytest
from playwright.sync_api import expect

from terreau.exchanges.models import Notification, NotificationKind
from terreau.ideas.models import Idea

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser

TITLE = "Un frigo solidaire pour les invendus"


def at_phone_width(page, urls: list[str]) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for url in urls:
        visit(page, url)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_idea_proposed_supported_commented_taken_up_and_turned_into_an_action(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"

    # A member proposes an idea from the idea box.
    proposer = signed_in(browser, live_server, cast.member.email)
    visit(proposer, f"{base}/ideas/")
    proposer.locator(f"main a[href='/c/{cast.community.slug}/ideas/new/']").click()
    check_page(proposer)
    proposer.locator("input[name=title]").fill(TITLE)
    proposer.locator("textarea[name=text]").fill("Les légumes abîmés du marché, donnés plutôt que jetés.")
    proposer.locator("main form button[type=submit]").click()
    expect(proposer).to_have_url(re.compile(r"/ideas/\d+/$"))
    expect(proposer.locator("h1")).to_have_text(TITLE)
    check_page(proposer)
    idea = Idea.objects.get(title=TITLE)
    idea_url = f"{base}/ideas/{idea.pk}/"

    # Another member supports it and comments, mentioning the facilitator.
    supporter = signed_in(browser, live_server, cast.observer.email)
    visit(supporter, f"{base}/ideas/")
    supporter.locator(f"#idea-{idea.pk} form[action$='/support/'] button").click()
    expect(supporter.locator(f"#idea-{idea.pk} button[aria-pressed=true]")).to_be_visible()
    check_page(supporter)
    visit(supporter, idea_url)
    supporter.locator("textarea[name='comment-body']").fill("Bonne idée ! @sophie-lambert, le CPAS serait partant ?")
    supporter.locator("form.comment-form button[type=submit]").click()
    expect(supporter.locator("#comments article.comment")).to_have_count(1)
    expect(supporter.locator("#comments")).to_contain_text("@sophie-lambert")
    check_page(supporter)
    assert Notification.objects.filter(recipient=cast.facilitator, kind=NotificationKind.MENTION).exists()
    assert Notification.objects.filter(recipient=cast.member, kind=NotificationKind.COMMENT).exists()
    at_phone_width(supporter, [f"{base}/ideas/", idea_url])

    # The core team answers "taken up" with a word, then turns it into an action.
    core = signed_in(browser, live_server, cast.core_member.email)
    visit(core, idea_url)
    core.locator("input[name=status][value=taken_up]").check()
    core.locator("textarea[name=answer]").fill("On s'y met avec le CPAS de Ciney.")
    core.locator("form[action$='/answer/'] button[type=submit]").click()
    expect(core.locator("section.answer")).to_contain_text("On s'y met avec le CPAS de Ciney.")
    check_page(core)
    assert Notification.objects.filter(recipient=cast.member, kind=NotificationKind.IDEA).exists()
    assert Notification.objects.filter(recipient=cast.observer, kind=NotificationKind.IDEA).exists()
    core.locator("form[action$='/action/'] button[type=submit]").click()
    expect(core).to_have_url(re.compile(r"/action-plan/\d+/edit/$"))
    check_page(core)
    idea.refresh_from_db()
    assert idea.status == Idea.Status.TAKEN_UP and idea.action is not None
    action_url = f"{base}/action-plan/{idea.action_id}/"

    # The idea links to the action, and the action back to the idea.
    visit(core, idea_url)
    core.locator(f"section.answer a[href='/c/{cast.community.slug}/action-plan/{idea.action_id}/']").click()
    expect(core).to_have_url(action_url)
    expect(core.locator(f"main a[href='/c/{cast.community.slug}/ideas/{idea.pk}/']")).to_be_visible()
    check_page(core)
    at_phone_width(core, [idea_url, action_url])
