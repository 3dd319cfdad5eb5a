"""0 axe violations on the open data pages: a region's datasets and a data dictionary."""

import datetime

import pytest

from ..builders import make_plan
from .conftest import axe_violations


@pytest.mark.parametrize(
    "url", ["/oppna-data/vastmanland/", "/oppna-data/vastmanland/biblioteksplaner/"]
)
def test_open_data_pages(page, region, vasteras, url):
    make_plan(vasteras, datetime.date(2024, 1, 1), datetime.date(2027, 12, 31))
    page.goto(url)
    assert page.locator("a[rel=license]").first.inner_text().startswith("CC0")
    assert axe_violations(page) == []
