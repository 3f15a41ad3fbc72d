"""A consent decision taken by a working group of three, each in their own browser: a tension
becomes a proposal, a question is answered, everyone reacts, the text is kept, one member objects,
the proposer integrates the objection and the proposal is adopted; the decision log shows it.
axe-core checks every page, the main ones at 1280 px and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, build_cast
from terreau.decisions.models import Proposal, State
from terreau.decisions.tests.helpers import working_group

from .conftest import check_page

pytestmark = pytest.mark.browser


def sign_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


def visit(page, url, *, narrow=False):
    page.goto(url)
    check_page(page)
    if narrow:
        page.set_viewport_size({"width": 390, "height": 844})
        check_page(page)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_consent_decision_with_one_objection_integrated(browser, live_server, transactional_db):
    cast = build_cast()
    circle = working_group(cast.community, cast.member, cast.facilitator, cast.observer, name="Logistique")
    base = f"{live_server.url}/c/{cast.community.slug}/decisions"
    julie = sign_in(browser, live_server, cast.member)  # the proposer
    sophie = sign_in(browser, live_server, cast.facilitator)
    thomas = sign_in(browser, live_server, cast.observer)  # the objector

    # Thomas raises a tension; Julie turns it into a proposal and opens it to the circle.
    visit(thomas, f"{base}/tensions/new/")
    thomas.locator("input[name=title]").fill("Le camion roule à moitié vide")
    thomas.locator("textarea[name=text]").fill("Trois tournées par semaine, souvent à moitié vides.")
    thomas.locator("select[name=circle]").select_option(str(circle.pk))
    thomas.locator("main form button[type=submit]").click()
    expect(thomas.locator(".message.success")).to_be_visible()
    visit(julie, f"{base}/tensions/", narrow=True)
    julie.locator("a[href*='?tension=']").first.click()
    check_page(julie)
    julie.locator("input[name=title]").fill("Tournées mutualisées entre GAL")
    julie.locator("button[name=open]").click()
    expect(julie.locator(".message.success")).to_be_visible()
    proposal = Proposal.objects.get()
    page_url = f"{base}/proposals/{proposal.pk}/"

    # A clarifying question, answered.
    visit(sophie, page_url)
    sophie.locator("#question-text").fill("Qui conduit le camion ?")
    sophie.locator("form[action$='/ask/'] button").click()
    visit(julie, page_url)
    julie.locator("textarea[name=answer]").fill("Le chauffeur de la coopérative.")
    julie.locator("form[action*='/answer/'] button").click()
    julie.locator("form[action$='/step/']:has(input[value=reactions]) button").click()

    # Everyone reacts, each from their own browser; the round closes by itself.
    for page, words in ((julie, "Je porte la proposition."), (sophie, "Utile."), (thomas, "Et le coût ?")):
        visit(page, page_url)
        page.locator("#reaction-text").fill(words)
        page.locator("form[action$='/respond/'] button").click()
    assert Proposal.objects.get().state == State.AMENDMENT
    visit(julie, page_url, narrow=True)
    julie.locator("form[action$='/step/']:has(input[value=keep]) button").click()

    # Julie and Sophie consent; Thomas objects, saying how it harms the aim.
    for page in (julie, sophie):
        visit(page, page_url)
        page.locator("form:has(input[value=consent]) button").click()
    visit(thomas, page_url)
    thomas.locator("#objection-text").fill("Les petits GAL paieraient autant que les grands : ils décrocheraient.")
    thomas.locator("form:has(input[value=objection]) button").click()
    assert Proposal.objects.get().state == State.INTEGRATING

    # Julie integrates the objection into a new text: adopted.
    visit(julie, f"{page_url}amend/", narrow=True)
    julie.locator("textarea[name=text]").fill("Tournées mutualisées, coûts répartis au prorata des producteurs.")
    julie.locator("input[name=integrated]").first.check()
    julie.locator("main form button[type=submit]").click()
    expect(julie.locator(".badge.adopted").first).to_be_visible()
    check_page(julie)
    assert Proposal.objects.get().state == State.ADOPTED

    # Everyone finds it in the decision log, with who took part.
    visit(thomas, f"{base}/", narrow=True)
    expect(thomas.locator(".decisions-log")).to_contain_text("Tournées mutualisées entre GAL")
    expect(thomas.locator(".decisions-log")).to_contain_text("Thomas Leroy")
    visit(sophie, f"{base}/proposals/")
    visit(sophie, page_url, narrow=True)
