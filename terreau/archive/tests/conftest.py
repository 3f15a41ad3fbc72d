import pytest

import conftest

english = pytest.fixture(autouse=True, name="english")(conftest.in_english)
media = pytest.fixture(autouse=True, name="media_in_tmp")(conftest.media_in_tmp)
