"""Every page that lets a visitor choose among two or more regions links each to a page
that exists."""

import re
from urllib.parse import urljoin

import pytest

from biblioteksportal.models import IntroSection, Region

CHOOSERS = ["/lasframjande/aktorer/", "/om/", "/", "/tillganglighet/"]


@pytest.mark.parametrize("url", CHOOSERS)
def test_every_region_link_of_a_chooser_answers(client, region, url):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    for r in (region, other):
        IntroSection.objects.create(region=r, number="1", title="Vision", body="Text.")
    page = client.get(url)
    assert page.status_code == 200
    body = page.text.split("<main", 1)[1]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', body)
    assert {name for _, name in links} == {"Region Västmanland", "Region Örebro län"}
    for href, name in links:
        target = client.get(urljoin(url, href))  # as a browser follows it
        assert target.status_code == 200, (url, href)
        assert name in target.text
