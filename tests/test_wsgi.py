"""A worker makes its reverse lookups before its first request (biblioteksportal/wsgi.py):
then no `reverse()` of a page in any language makes them."""

import contextlib
from unittest import mock

from django.conf import settings
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    clear_url_caches,
    get_resolver,
    reverse,
)
from django.utils import translation

from biblioteksportal.urls import make_reverse_lookups


def names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name
        elif isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from names(pattern, inner)


def test_the_reverse_lookups_are_made_in_each_language_beforehand():
    clear_url_caches()  # as in a new worker
    found = sorted(set(names(get_resolver())))
    assert len(found) > 300
    make_reverse_lookups()
    with mock.patch.object(URLResolver, "_populate", side_effect=AssertionError("made")):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name in found:
                    # a name with arguments: looked up all the same
                    with contextlib.suppress(NoReverseMatch):
                        reverse(name)
