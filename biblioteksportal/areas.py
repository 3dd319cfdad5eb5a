"""The one small interface between the core and the four area apps.

An area app's AppConfig names its area (`area = AreaApp.<X>`) and may define:

- `load_demo(region)`: add the app's demo data for the region (called by `load_demo`);
- `home_links(user)`: a list of (label, url) for the start page, for the user's role;
- `report_facts(area_year)`: a list of sentences of facts computed from the app's records,
  joined to the staff's narrative in the area's outcome;
- `dashboard(year, user)`: the area's part of the county dashboard for an activity year,
  {"figures": [(label, value)], "charts": [biblioteksportal.charts.bar_chart(...)]};
- `municipality(municipality, year, user)`: the same for one municipality's page;
- `search(query, user)`: full-text hits among the app's records that the user may see,
  [{"title", "url", "kind", "snippet"}], `query` a django.contrib.postgres SearchQuery;
- `generate_national(region, years, rng, scale)`: add the app's records of the national
  benchmark data set for the region and its Year rows (called by `generate_national` once
  the country's regions, municipalities and libraries and the region's years exist); `rng` a
  random.Random seeded for the region and app, `scale` 1 for the national data set, less in
  tests.

The core only calls these hooks; it never imports an area app.
"""

from django.apps import apps


def area_apps():
    """The area apps' AppConfigs, in the order of INSTALLED_APPS."""
    return [config for config in apps.get_app_configs() if getattr(config, "area", None)]


def collect(hook, *args):
    """Call `hook` on every area app that defines it; return {area: result}."""
    return {
        config.area: getattr(config, hook)(*args) for config in area_apps() if hasattr(config, hook)
    }


def call(area, hook, *args, default=None):
    """Call `hook` of the app bound to `area` (an AreaApp value), if it defines it."""
    for config in area_apps():
        if config.area == area and hasattr(config, hook):
            return getattr(config, hook)(*args)
    return default
