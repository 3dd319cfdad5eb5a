"""The dashboard's SVG charts in chromium: every label and value whole inside its chart."""

from biblioteksportal.models import DevelopmentArea

from ..builders import make_frame

TEXT_BOXES = """() => [...document.querySelectorAll("figure.chart svg[role=img]")].map(svg => {
  const box = svg.getBoundingClientRect();
  const edges = selector => [...svg.querySelectorAll(selector)].map(e => e.getBoundingClientRect());
  return {
    texts: edges("text").map(r => [r.left - box.left, box.right - r.right]),
    labelsEnd: Math.max(...edges("text.label").map(r => r.right)),
    barsStart: Math.min(...edges(":scope > rect").map(r => r.left)),
    labels: [...svg.querySelectorAll("text.label")].map(t => t.textContent),
  };
})"""


def test_chart_labels_and_values_are_not_cut(page, log_in, region, vasteras, head_user):
    make_frame(region, municipalities=[vasteras])
    long_name = "Läs- och litteraturfrämjande verksamhet i länets kommuner"
    DevelopmentArea.objects.filter(app="lasframjande").update(name=long_name)
    log_in(head_user)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/oversikt/2019/")
    charts = page.evaluate(TEXT_BOXES)
    assert any(long_name in chart["labels"] for chart in charts)
    for chart in charts:
        assert all(left >= 0 and right >= 0 for left, right in chart["texts"]), chart
        assert chart["labelsEnd"] <= chart["barsStart"], chart
