"""A worker (biblioteksportal/wsgi.py) makes its reverse lookups before its first request:
no `reverse()` of a page in any language makes them then."""

import subprocess
import sys

from .conftest import ROOT

WORKER = """
from unittest import mock

import biblioteksportal.wsgi
from django.conf import settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation


def names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name
        elif isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from names(pattern, inner)


found = sorted(set(names(get_resolver())))
made = mock.patch.object(URLResolver, "_populate", side_effect=AssertionError("made"))
with made:
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in found:
                try:
                    reverse(name)
                except NoReverseMatch:  # a name with arguments: looked up all the same
                    pass
print(len(found), "names")
"""


def test_a_worker_has_made_its_reverse_lookups_in_each_language():
    result = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.split()[0]) > 300
