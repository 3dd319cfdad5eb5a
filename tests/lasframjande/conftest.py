"""Fixtures for the reading-promotion tests."""

import pytest

from ..builders import grow_register


@pytest.fixture
def register_data(region, vasteras):
    grow_register(region, vasteras, 1)
    return region
