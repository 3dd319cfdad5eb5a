"""0 axe violations (WCAG 2.1 A/AA) on every admin page: each registered model's list, add
page and, with the demo data loaded, the change page of its first object, inlines included."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from biblioteksportal.models import Municipality, Region

from .conftest import axe_violations

APPS = sorted({model._meta.app_label for model in admin.site._registry})


def admin_urls(user, app_label):
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != app_label:
            continue
        base = f"/admin/{app_label}/{model._meta.model_name}/"
        yield base
        if model_admin.has_add_permission(request):
            yield f"{base}add/"
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            yield f"{base}{obj.pk}/change/"


@pytest.mark.parametrize("app_label", APPS)  # one test per app, so the two processes share them
def test_every_admin_page_has_no_violations(page, log_in, settings, app_label):
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    log_in(user)
    found = []
    urls = list(admin_urls(user, app_label))
    assert urls
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        found += [f"{url} {violation}" for violation in axe_violations(page)]
    assert found == []


def test_the_municipality_choices_follow_the_region_chosen_on_the_form(
    page, log_in, region, vasteras
):
    other = Region.objects.create(name="Region Örebro län", code="18", slug="orebro")
    Municipality.objects.create(region=other, name="Örebro", code="1880")
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    log_in(user)
    page.goto("/admin/biblioteksportal/library/add/")

    def choices(field):
        with page.expect_response(lambda response: "/admin/autocomplete/" in response.url):
            page.click(f"#id_{field} + .select2 .select2-selection")
        page.wait_for_selector(".select2-results__option.loading-results", state="detached")
        texts = page.locator(".select2-results__option").all_inner_texts()
        page.keyboard.press("Escape")
        return texts

    assert len(choices("municipality")) == 2
    page.click("#id_region + .select2 .select2-selection")
    page.click(".select2-results__option >> text=Region Örebro län")
    assert choices("municipality") == ["Örebro (Region Örebro län)"]
