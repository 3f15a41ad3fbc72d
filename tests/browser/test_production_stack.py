"""A member's walk in Chromium against the production set-up (bin/prod-smoke), not Django's test server.

The base URL is TERREAU_BROWSER_BASE_URL when set (a set-up already running with the demo data,
e.g. a staging server), else the stack bench/stack.py brings up (2 gunicorn processes, PostgreSQL,
Redis, the RQ worker, the scheduler). The other browser tests build their data in the test
database, so they need Django's live server; this one uses the demo accounts only.
"""

import os
import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.stack]


@pytest.fixture
def base_url_of_stack(request):
    if url := os.environ.get("TERREAU_BROWSER_BASE_URL"):
        return url.rstrip("/")
    return request.getfixturevalue("production_stack").url


def test_a_member_signs_in_reads_and_asks_on_the_production_set_up(page, base_url_of_stack):
    base = base_url_of_stack
    page.goto(f"{base}/accounts/login/")
    check_page(page)
    page.locator("main input[name=login]").fill("membre@terreau.test")
    page.locator("main input[name=password]").fill("terreau-demo")
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    for path in ["/c/circuits-courts/", "/c/circuits-courts/knowledge/", "/c/circuits-courts/questions/"]:
        page.goto(f"{base}{path}")
        check_page(page)
    page.goto(f"{base}/c/circuits-courts/questions/ask/")
    title = f"Un séchoir à foin partagé près de Ciney ? ({time.time():.0f})"
    page.locator("main input[name=title]").fill(title)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/c/circuits-courts/questions/\d+/"))
    expect(page.locator("h1")).to_contain_text("séchoir à foin")
    check_page(page)
