import pytest

import conftest

media = pytest.fixture(autouse=True, name="media_in_tmp")(conftest.media_in_tmp)
