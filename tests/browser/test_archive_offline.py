"""The community's archive opened from disk: unzipped to a folder, its index.html opened by
Chromium through file:// with no server; every link of every page leads to a file of the
archive (anchors to an element of their page), nothing is fetched from elsewhere, no script, and
axe-core finds nothing on the home page, a list page and a record page."""

import io
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from terreau.archive import builder
from terreau.archive.models import Scope
from terreau.archive.tests.helpers import fill
from terreau.knowledge.tests.helpers import make_item

from .conftest import check_page

pytestmark = pytest.mark.browser


def unzip(community, scope, folder: Path) -> Path:
    out = io.BytesIO()
    builder.write(community, scope, out, language="en")
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    (root,) = folder.iterdir()
    return root


def links_of(page) -> list[str]:
    return page.eval_on_selector_all("a[href], link[href]", "nodes => nodes.map(n => n.href)")


def test_archive_opens_from_disk_with_every_link_leading_somewhere(page, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    fill(cast)
    make_item(cast, title="Marchés du soir", body="Voir [la carte](https://example.org/carte) et [le site](/c/x/).")
    root = unzip(cast.community, Scope.MEMBERS, tmp_path / "unzipped")
    index = root / "index.html"
    assert index.exists()

    to_visit, seen, anchors, checked = [index.resolve()], set(), [], 0
    while to_visit:
        path = to_visit.pop()
        if path in seen:
            continue
        seen.add(path)
        page.goto(path.as_uri())
        assert page.locator("html").get_attribute("lang"), path
        assert page.locator("script").count() == 0, path
        # Nothing the page loads comes from elsewhere: stylesheets, images.
        sources = page.eval_on_selector_all("[src], link[href]", "nodes => nodes.map(n => n.src || n.href)")
        assert all(source.startswith("file://") for source in sources), (path, sources)
        for href in links_of(page):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto"):
                continue  # a link a member wrote to a website: followed by choice, online
            assert parts.scheme == "file", (path, href)
            target = Path(unquote(parts.path))
            assert target.is_file(), f"{path.relative_to(root)} links to a missing {href}"
            assert root in target.parents, f"{path.relative_to(root)} links outside the archive: {href}"
            checked += 1
            if parts.fragment:
                anchors.append((target, parts.fragment))
            if target.suffix == ".html":
                to_visit.append(target.resolve())
    for target, fragment in anchors:
        page.goto(target.as_uri())
        assert page.locator(f"[id='{fragment}']").count() == 1, (target, fragment)
    assert checked > 20 and len(seen) >= 8

    # Accessibility: the home page, a list page, a record page (an item with an attachment).
    page.goto(index.as_uri())
    check_page(page)
    page.get_by_role("link", name="Knowledge base").first.click()
    check_page(page)
    page.get_by_role("link", name="Bilan des marchés").click()
    check_page(page)
    attachment = page.get_by_role("link", name="bilan.pdf")
    assert (root / "knowledge" / attachment.get_attribute("href")).resolve().is_file()
    # The skip link reaches the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
