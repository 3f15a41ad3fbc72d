"""Playwright with Debian's Chromium against Django's live server; axe-core checks each page.

Nothing here runs unless the `browser` marker is selected (`pytest -m browser`): the other
suites import this file but never set up its fixtures.
"""

import json
import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "var" / "browser"
# WCAG 2.1 levels A and AA only: best-practice rules are advice, not failures.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(config, items):
    if os.access(CHROMIUM, os.X_OK):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_beside_playwright():
    # Sync Playwright keeps an event loop running in the test thread; Django would then refuse
    # ORM calls from the test (the cast, the outbox) without this. Set here rather than at import
    # so that the other suites, which import this file, keep Django's check.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


def check_page(page) -> None:
    """Assert that axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    # A click on a link returns once the navigation starts: axe must wait for the new
    # document, or it runs against the one being torn down.
    page.wait_for_load_state("load")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    if os.environ.get("TERREAU_SCREENSHOTS"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", page.url.split("//", 1)[-1].split("/", 1)[-1]).strip("_") or "home"
        page.screenshot(path=SCREENSHOT_DIR / f"page-{page.viewport_size['width']}-{name}.png", full_page=True)
    if violations:
        lines = [f"{len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "browser" not in item.keywords:
        return
    # The pages are still open here: the fixtures' teardown comes after the call report.
    browser = item.funcargs.get("browser")
    if browser is None:
        return
    pages = [p for context in browser.contexts for p in context.pages if not p.is_closed()]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", item.name).strip("-")
    for number, open_page in enumerate(pages, start=1):
        path = SCREENSHOT_DIR / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
        try:
            open_page.screenshot(path=path, full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            report.sections.append(("screenshot", f"could not save {path}: {error}"))
        else:
            report.sections.append(("screenshot", str(path)))
