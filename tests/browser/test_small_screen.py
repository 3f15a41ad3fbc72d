"""A phone (390 × 844): the navigation leaves room for the page, opens with the keyboard, and the
main pages fit the width; axe-core checks each of them.

The demo data gives the pages real lengths (long names, tables, answers) rather than a test's few
words. With TERREAU_SCREENSHOTS=1, check_page saves each page under var/browser/.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from terreau.communities.models import Community
from terreau.demo import data as demo

from .conftest import SCREENSHOT_DIR, check_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    demo.demo_load()
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def keep_screen(page, name: str) -> None:
    """With TERREAU_SCREENSHOTS=1, save what the phone's screen shows now (not the whole page)."""
    if os.environ.get("TERREAU_SCREENSHOTS"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / f"phone-{name}.png")


def content_top(page) -> float:
    """Where the page's own content starts: the top of <main>, in pixels from the top of the page."""
    return page.locator("main").evaluate("main => main.getBoundingClientRect().top + window.scrollY")


def test_the_navigation_takes_a_fifth_of_a_phone_screen_and_opens_with_the_keyboard(phone):
    sign_in(phone, "animatrice@terreau.test")  # facilitator and core team: every tab
    phone.goto("/c/circuits-courts/")
    keep_screen(phone, "community")
    assert content_top(phone) < 0.2 * PHONE["height"]
    # The tabs wait in a menu; the keyboard reaches it and opens it, without JavaScript.
    tabs = phone.get_by_role("navigation", name=re.compile(r"Communauté|Community"))
    members = tabs.get_by_role("link", name=re.compile(r"^(Membres|Members)$"))
    expect(members).to_be_hidden()
    menu = tabs.locator("details.menu > summary")
    menu.focus()
    phone.keyboard.press("Enter")
    expect(members).to_be_visible()
    keep_screen(phone, "community-menu")
    check_page(phone)
    # Members use the exchanges and the knowledge base most: they come first, set-up and
    # management last.
    labels = tabs.get_by_role("link").all_inner_texts()
    assert labels.index("Échanges") < labels.index("Membres") < labels.index("Espace de travail")
    assert labels.index("Base documentaire") < labels.index("Membres")
    # The core team's management pages wait, last, under one entry the keyboard opens too.
    management = tabs.locator(".tab-group > details > summary")
    management.focus()
    phone.keyboard.press("Enter")
    labels = tabs.get_by_role("link").all_inner_texts()
    assert labels[-1] in {"Journal des modifications", "Paramètres", "Archives"}
    check_page(phone)
    members.click()
    expect(phone).to_have_url(re.compile(r"/c/circuits-courts/members/$"))

    # The site's own links too sit behind a menu the keyboard opens.
    site = phone.get_by_role("navigation", name=re.compile(r"^(Menu principal|Main)$"))
    profile = site.get_by_role("link", name=re.compile(r"^(Mon profil|My profile)$"))
    expect(profile).to_be_hidden()
    site.locator("summary").focus()
    phone.keyboard.press("Enter")
    expect(profile).to_be_visible()
    keep_screen(phone, "site-menu")
    check_page(phone)
    # Escape closes the menu, as a keyboard user expects, and leaves the focus on it.
    profile.focus()
    phone.keyboard.press("Escape")
    expect(profile).to_be_hidden()
    expect(site.locator("summary")).to_be_focused()


def test_the_main_pages_fit_a_phone_screen(phone):
    sign_in(phone, "animatrice@terreau.test")
    community = Community.objects.get(slug="circuits-courts")
    question = community.questions.order_by("pk").first()
    item = community.knowledge_items.filter(published_at__isnull=False).order_by("pk").first()
    pages = [
        "/",
        "/c/circuits-courts/",
        "/c/circuits-courts/questions/",
        f"/c/circuits-courts/questions/{question.pk}/",
        "/c/circuits-courts/knowledge/",
        f"/c/circuits-courts/knowledge/{item.pk}/",
        "/c/circuits-courts/members/",
        "/c/circuits-courts/roles/",
        "/c/circuits-courts/charter/",
        "/c/circuits-courts/workspace/",
    ]
    too_wide = []
    for path in pages:
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width}px")
        keep_screen(phone, path.strip("/").replace("/", "-") or "home")
        check_page(phone)
    assert too_wide == []
