"""The one typed contract between the core and the four area apps.

An area app's AppConfig is an `AreaConfig` naming its area; its hooks are the functions of
its `area` module (`<app>/area.py`), each with the name and arguments below. A hook the
module leaves out is a no-op. The core only calls these; it never imports an area app.

- `load_demo(region)`: add the app's demo data for the region (`load_demo`);
- `generate_national(region, years, rng, scale)`: add the app's records of the national
  benchmark data set for the region (`generate_national`, once the country's regions,
  municipalities, libraries and the region's years exist); `rng` a random.Random seeded for
  the region and app, `scale` 1 for the national data set, less in tests;
- `home_links(user)`: the start page's links for the user, [(label, url)];
- `report_facts(area_year)`: sentences of facts computed from the app's records, joined to
  the staff's narrative in the area's outcome;
- `county_part(year, user)`: the area's `Part` of the county dashboard for an activity year;
- `municipality_part(year, municipality, user)`: the same for one municipality's page;
- `search(query, user)`: `SearchHit`s among the app's records that the user may see, `query`
  a django.contrib.postgres SearchQuery;
- `open_data(region)`: the region's public `opendata.Dataset`s of the app, for the open data
  pages and the DCAT-AP-SE catalogue (biblioteksportal/opendata.py);
- `computations()`: the `Computation`s of the indicators computed from the app's records
  (biblioteksportal/followup), each defined once and used by dashboards and reports alike.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps

from .charts import Chart
from .choices import AreaApp


@dataclass(frozen=True)
class Figure:
    """One key figure: its label and its value (a number or a short text)."""

    label: Any
    value: Any


@dataclass(frozen=True)
class Part:
    """An area's part of a dashboard or a municipality page."""

    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    title: Any
    url: str
    kind: Any
    snippet: str = ""
    rank: float = 0


@dataclass(frozen=True)
class Computation:
    """An indicator computed from an area app's records. `compute(region, periods)` gives, for
    each (start, end) of `periods` (dates), {municipality id: value} with the key None for the
    county's value where it is not the roll-up of the municipalities' values: a list in the
    order of `periods`, in a fixed number of queries (or a fixed number per period)."""

    key: str  # "<app>.<name>", stable: indicators name it
    label: Any
    unit: str
    compute: Callable


class AreaConfig(AppConfig):
    """The base of an area app's AppConfig: its hooks, no-ops unless its `area` module
    defines them."""

    area: AreaApp

    def hook(self, name):
        return getattr(import_module(f"{self.name}.area"), name, None)

    def _call(self, name, default, *args):
        hook = self.hook(name)
        return hook(*args) if hook else default

    def load_demo(self, region) -> None:
        self._call("load_demo", None, region)

    def generate_national(self, region, years, rng, scale) -> None:
        self._call("generate_national", None, region, years, rng, scale)

    def home_links(self, user) -> list[tuple[str, str]]:
        return self._call("home_links", [], user)

    def report_facts(self, area_year) -> list[str]:
        return self._call("report_facts", [], area_year)

    def county_part(self, year, user) -> Part:
        return self._call("county_part", Part(), year, user)

    def municipality_part(self, year, municipality, user) -> Part:
        return self._call("municipality_part", Part(), year, municipality, user)

    def search(self, query, user) -> list[SearchHit]:
        return self._call("search", [], query, user)

    def open_data(self, region) -> list:
        return self._call("open_data", [], region)

    def computations(self) -> list[Computation]:
        return self._call("computations", [])


HOOKS = [
    "load_demo",
    "generate_national",
    "home_links",
    "report_facts",
    "county_part",
    "municipality_part",
    "search",
    "open_data",
    "computations",
]


def area_apps() -> list[AreaConfig]:
    """The area apps' AppConfigs, in the order of INSTALLED_APPS."""
    return [config for config in apps.get_app_configs() if isinstance(config, AreaConfig)]


def of_area(area) -> AreaConfig | None:
    """The AppConfig of the app bound to `area` (an AreaApp value)."""
    return next((config for config in area_apps() if config.area == area), None)
