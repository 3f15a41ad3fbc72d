"""The knowledge base, walked in Chromium: a member writes a good practice with the guide's
template, a content manager publishes it, another member finds it by searching without accents,
narrows by an entry point, opens it and downloads it as Markdown. axe-core checks every page.

Labels are matched by regexes that accept French and English, or elements by name and id.
"""

import re

import pytest
from playwright.sync_api import expect

from terreau.communities import services as communities
from terreau.knowledge import services
from terreau.knowledge.models import ActivityTag, ItemStatus, KnowledgeItem

from .conftest import check_page
from .test_journeys import sign_in

pytestmark = pytest.mark.browser

TITLE = "Des évaluations partagées entre marchés fermiers"


def sign_out(page) -> None:
    page.context.clear_cookies()


def test_a_good_practice_is_written_published_found_and_downloaded(page, live_server, cast):
    slug = cast.community.slug
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Marchés fermiers")
    communities.theme_get_or_create(actor=cast.core_member, community=cast.community, name="Logistique")
    activity = services.activity_create(
        actor=cast.core_member, community=cast.community, name="Groupe marchés", kind=ActivityTag.Kind.WORKING_GROUP
    )
    home = f"{live_server.url}/c/{slug}/knowledge/"

    # A member adds a good practice, filling the template and the entry points.
    sign_in(page, live_server, cast.member.email)
    page.goto(home)
    check_page(page)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"Ajouter|Add an item")).first.click()
    expect(page).to_have_url(re.compile(r"/knowledge/new/$"))
    check_page(page)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^(Bonne pratique|Good practice)$")).click()
    expect(page).to_have_url(re.compile(r"/knowledge/new/good_practice/$"))
    check_page(page)

    page.locator("#id_title").fill(TITLE)
    page.locator(f"input[name=themes][value='{theme.pk}']").check()
    page.locator("#id_activity").select_option(str(activity.pk))
    page.locator("input[name=visibility][value=members]").check()
    page.locator("#id_f-for_whom").fill("Les placiers et les producteurs des marchés fermiers")
    page.locator("#id_f-why").fill("Chaque marché s'évalue seul et ne voit pas ses angles morts.")
    page.locator("#id_f-key_benefits").fill("- Un regard extérieur\n- Des idées reprises d'un marché à l'autre")
    page.locator("#id_f-in_practice").fill("Deux fois par an, trois producteurs visitent un autre marché.")
    page.locator("input[name='f-standing'][value=idea]").check()
    page.get_by_role("main").locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/knowledge/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    item = KnowledgeItem.objects.get(title=TITLE)
    assert item.status == ItemStatus.DRAFT and item.author == cast.member
    assert list(item.themes.all()) == [theme] and item.activity == activity
    check_page(page)
    item_url = page.url

    # A content manager publishes it.
    sign_out(page)
    sign_in(page, live_server, cast.core_member.email)
    page.goto(item_url)
    check_page(page)
    page.get_by_role("button", name=re.compile(r"^(Publier|Publish)$")).click()
    expect(page.locator(".message.success")).to_be_visible()
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED
    check_page(page)

    # Another member searches without accents, in another form of the word.
    sign_out(page)
    sign_in(page, live_server, cast.facilitator.email)
    page.goto(home)
    page.get_by_role("search").locator("#id_q").fill("evaluation")
    page.get_by_role("search").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"\?q=evaluation"))
    results = page.locator("section.results")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results.locator("mark").first).to_have_text(re.compile(r"évaluations", re.IGNORECASE))
    check_page(page)

    # Narrowed by an entry point: the theme keeps the search and the hit.
    page.locator("aside.entry-points").get_by_role("link", name="Marchés fermiers").click()
    expect(page).to_have_url(re.compile(rf"theme={theme.pk}"))
    expect(page).to_have_url(re.compile(r"q=evaluation"))
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    check_page(page)

    # Opened, then downloaded as Markdown.
    results.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(item_url)
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Markdown")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".md")
    text = open(download.path(), encoding="utf-8").read()
    assert TITLE in text
    assert "Deux fois par an" in text
