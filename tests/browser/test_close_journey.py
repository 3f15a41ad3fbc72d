"""A community's close walked end to end in Chromium, the way the guide orders it: the
retrospective's record written, the recognition published, the community closed (read-only from
then on), the members' archive downloaded from its page and opened from disk with no server,
holding what the close produced. axe-core checks every page on the way."""

import re
import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from terreau.closing.tests.helpers import to_close_phase
from terreau.retrospectives import services as retrospectives

from .conftest import check_page
from .test_exchanges_journey import signed_in, visit

pytestmark = pytest.mark.browser


def test_from_the_retrospective_to_the_archive_opened_from_disk(browser, live_server, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    community = to_close_phase(cast.community)
    base = f"{live_server.url}/c/{community.slug}"
    # The members posted their cards and voted (the board's own journey walks that part).
    retro = retrospectives.retrospective_open(actor=cast.core_member, community=community, title="Si c'était à refaire")
    retrospectives.card_post(actor=cast.member, retrospective=retro, column="keep", text="Les visites de fermes")
    retrospectives.card_post(actor=cast.observer, retrospective=retro, column="less", text="Les longues réunions")
    retro = retrospectives.retrospective_move(actor=cast.core_member, retrospective=retro, to="voting", version=1)
    page = signed_in(browser, live_server, cast.core_member.email)

    # The retrospective ended and its record written.
    visit(page, f"{base}/retrospectives/{retro.pk}/")
    page.locator("form[action$='/move/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/record/$"))
    record = page.locator("textarea[name=record]")
    expect(record).to_have_value(re.compile("Les visites de fermes"))
    record.fill(record.input_value() + "\nGarder les visites de fermes, quoi qu'il arrive.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("section.panel .prose")).to_contain_text("quoi qu'il arrive")
    check_page(page)

    # The recognition generated and published.
    visit(page, f"{base}/closing/")
    page.locator("form[action$='/closing/recognition/generate/'] button").first.click()
    page.locator("input[name=title]").fill("Merci à Circuits courts")
    page.locator("button[name=save]").click()
    page.locator("form[action$='/closing/recognition/publish/'] button").click()
    expect(page.locator("h1")).to_have_text("Merci à Circuits courts")

    # The close: read-only from now on, the archives built, the members told where they are.
    visit(page, f"{base}/closing/")
    page.locator("input[name=confirm]").check()
    page.locator("form[action$='/closing/close/'] button").click()
    expect(page.locator("input[name=confirm]")).to_have_count(0)
    check_page(page)
    told = [message for message in mail.outbox if cast.member.email in message.to]
    assert told and f"/c/{community.slug}/archive/" in told[-1].body

    # Every page says so, and offers no write: the knowledge base's "add" is gone.
    visit(page, f"{base}/knowledge/")
    expect(page.locator(".closed-notice")).to_be_visible()
    check_page(page)

    # The members' archive, downloaded by a member from its page, opened from disk.
    member = signed_in(browser, live_server, cast.member.email)
    visit(member, f"{base}/archive/")
    check_page(member)
    links = member.locator("main a[href*='/download/']")
    expect(links).to_have_count(2)
    with member.expect_download() as download:
        links.last.click()
    path = tmp_path / "archive.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "unzipped")
    (root,) = (tmp_path / "unzipped").iterdir()
    member.goto((root / "index.html").as_uri())
    check_page(member)
    member.get_by_role("link", name=re.compile("Rétrospectives|Retrospectives")).first.click()
    check_page(member)
    member.get_by_role("link", name="Si c'était à refaire").click()
    expect(member.locator("main")).to_contain_text("quoi qu'il arrive")
    check_page(member)
