"""Wide tables and heat maps in chromium: 0 axe violations on a narrow screen, the table
scrolls by keyboard with its row headers kept in view, and the chart axis inside its SVG."""

from django.urls import reverse

from biblioteksportal.models import Municipality
from tests.samverkan.conftest import libraries as libraries  # noqa: F401 (fixture)
from tests.samverkan.test_pages import cooperation as cooperation  # noqa: F401 (fixture)

from .conftest import axe_violations

# the region's scroll before and after, and a row header's left edge against the region's
SCROLL = """region => {
  const header = region.querySelector("tbody th[scope=row]");
  const before = [region.scrollLeft, header.getBoundingClientRect().left];
  region.scrollLeft = region.scrollWidth;
  return {
    wide: region.scrollWidth > region.clientWidth,
    scrolled: region.scrollLeft > 0,
    headerStays: Math.abs(header.getBoundingClientRect().left - before[1]) < 1,
    headerLeft: header.getBoundingClientRect().left - region.getBoundingClientRect().left,
  };
}"""


def test_floating_heat_maps_on_a_narrow_screen(page, log_in, head_user, cooperation):
    log_in(head_user)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(reverse("samverkan:floating") + "?start=2019-01-01&end=2019-12-31")
    assert page.locator("table.heat-map").count() == 2
    assert page.locator(".heat-legend li").count() >= 1
    assert page.locator("td.heat-4").count() >= 1
    assert axe_violations(page) == []
    region = page.locator("div.table-scroll", has=page.locator("table.heat-map")).first
    state = region.evaluate(SCROLL)
    assert state["wide"] and state["scrolled"] and state["headerStays"], state
    assert abs(state["headerLeft"]) < 2, state
    # the region takes the keyboard's focus, so that arrow keys scroll it
    region.evaluate("region => { region.scrollLeft = 0; }")
    region.focus()
    page.keyboard.press("ArrowRight")
    # chromium scrolls smoothly: wait for it to move (the default timeout fails the test)
    page.wait_for_function("region => region.scrollLeft > 0", arg=region.element_handle())


def test_systems_rollout_on_a_narrow_screen(page, log_in, staff_user, region, cooperation):
    for n in range(1, 9):  # a column per municipality
        Municipality.objects.create(region=region, name=f"Kommun {n}", code=f"{1800 + n}")
    log_in(staff_user)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(reverse("samverkan:systems"))
    assert axe_violations(page) == []
    state = page.locator("div.table-scroll").first.evaluate(SCROLL)
    assert state["wide"] and state["scrolled"] and state["headerStays"], state


def test_chart_axis_ticks_and_title_inside_the_svg(page, log_in, head_user, cooperation):
    log_in(head_user)
    page.goto(reverse("samverkan:floating") + "?start=2019-01-01&end=2019-12-31")
    boxes = page.evaluate(
        """() => [...document.querySelectorAll("figure.chart svg[role=img]")].map(svg => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll("text.tick, text.axis-title")].map(t => {
            const r = t.getBoundingClientRect();
            return [r.left - box.left, box.right - r.right, box.bottom - r.bottom];
          });
        })"""
    )
    assert boxes and all(len(chart) >= 3 for chart in boxes)
    for chart in boxes:
        assert all(edge >= 0 for text in chart for edge in text), chart
