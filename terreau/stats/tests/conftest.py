import pytest

import conftest
from terreau.stats import middleware

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)


@pytest.fixture(autouse=True)
def fresh_memory():
    """What a process remembers having written today does not outlive a test (ids come back)."""
    middleware._seen.clear()
    yield
    middleware._seen.clear()
