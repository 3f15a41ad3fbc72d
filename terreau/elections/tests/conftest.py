import pytest

import conftest

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
