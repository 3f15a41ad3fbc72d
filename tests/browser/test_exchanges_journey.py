"""The exchanges, walked in Chromium: a question asked, answered and accepted; a kudos; the weekly message.

Labels are matched by regexes accepting French and English, or elements by name and id;
axe-core checks every page on the way.
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from terreau.exchanges.models import Kudos, Notification, Question, WeeklyMessage

from .conftest import check_page

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, email: str):
    """A page of a fresh browser context, signed in as `email`."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    check_page(page)
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def visit(page, url):
    page.goto(url)
    check_page(page)


def test_a_question_asked_answered_accepted_a_kudos_and_the_weekly_message(browser, live_server, cast):
    base = f"{live_server.url}/c/{cast.community.slug}"

    # A member asks.
    asker = signed_in(browser, live_server, cast.member.email)
    visit(asker, f"{base}/")
    asker.get_by_role("navigation", name=re.compile(r"Communauté|Community")).get_by_role(
        "link", name=re.compile(r"^(Échanges|Exchanges)$")
    ).click()
    check_page(asker)
    asker.get_by_role("navigation", name=re.compile(r"^(Échanges|Exchanges)$")).get_by_role(
        "link", name=re.compile(r"^Questions$")
    ).click()
    expect(asker).to_have_url(f"{base}/questions/")
    check_page(asker)
    visit(asker, f"{base}/questions/ask/")
    asker.locator("main form button[type=submit]").click()  # empty: told next to the field
    expect(asker.locator("#id_title_error")).to_be_visible()
    check_page(asker)
    asker.locator("#id_title").fill("Quel prix pour un panier hebdomadaire ?")
    asker.locator("#id_body").fill("Nous lançons des paniers avec **six producteurs**.")
    asker.locator("main form button[type=submit]").click()
    expect(asker.locator(".message.success")).to_be_visible()
    check_page(asker)
    question = Question.objects.get(title="Quel prix pour un panier hebdomadaire ?")
    question_url = f"{base}/questions/{question.pk}/"
    expect(asker).to_have_url(question_url)

    # Another member answers.
    answerer = signed_in(browser, live_server, cast.observer.email)
    visit(answerer, question_url)
    answerer.locator("textarea[name=body]").fill("Entre 15 et 20 euros, avec un contenu qui suit les saisons.")
    answerer.get_by_role("button", name=re.compile(r"Publier la réponse|Post the answer")).click()
    expect(answerer.locator(".message.success")).to_be_visible()
    check_page(answerer)
    answer = question.answers.get()

    # The asker is told, and accepts the answer.
    visit(asker, f"{base}/notifications/")
    expect(asker.locator("main")).to_contain_text("Quel prix pour un panier hebdomadaire ?")
    visit(asker, question_url)
    asker.get_by_role("button", name=re.compile(r"Accepter cette réponse|Accept this answer")).click()
    expect(asker.locator(f"#answer-{answer.pk} .badge")).to_be_visible()
    check_page(asker)
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.time_to_accepted_answer is not None
    assert Notification.objects.filter(recipient=cast.observer, kind="accepted").exists()

    # A kudos for the answer.
    visit(asker, f"{base}/kudos/")
    asker.locator("#id_receiver").select_option(str(cast.membership(cast.observer).pk))
    asker.locator("#id_message").fill("Merci pour ta réponse sur le prix des paniers !")
    asker.locator("main form button[type=submit]").click()
    expect(asker.locator(".message.success")).to_be_visible()
    check_page(asker)
    assert Kudos.objects.filter(giver=cast.member, receiver=cast.observer).exists()
    visit(asker, f"{base}/feed/")
    expect(asker.locator("main")).to_contain_text(str(cast.observer))

    # The facilitator sends the weekly message, drafted from the week's activity.
    facilitator = signed_in(browser, live_server, cast.facilitator.email)
    visit(facilitator, f"{base}/rhythm/")
    visit(facilitator, f"{base}/weekly-message/")
    expect(facilitator.locator("#id_body")).to_contain_text("Quel prix pour un panier hebdomadaire ?")
    facilitator.locator("#id_subject").fill("La semaine des circuits courts")
    facilitator.get_by_role("button", name=re.compile(r"Envoyer à chaque membre|Send to every member")).click()
    expect(facilitator).to_have_url(f"{base}/rhythm/")
    expect(facilitator.locator(".message.success")).to_be_visible()
    check_page(facilitator)
    weekly = WeeklyMessage.objects.get(community=cast.community)
    assert weekly.sent_at is not None
    assert Notification.objects.filter(kind="weekly_message", recipient=cast.member).exists()
    visit(asker, f"{base}/weekly-message/{weekly.pk}/")
    expect(asker.locator("main")).to_contain_text("La semaine des circuits courts")

    for page in (asker, answerer, facilitator):
        page.context.close()
