"""Personal links: the one scheme for every link the portal sends to a person by e-mail.

A link carries a random token of 256 bits; only its SHA-256 is stored (PersonalLink), with
the object it opens and its expiry. A token that is unknown, expired or revoked (the object
anonymised or removed), or that was issued for another kind of object, finds nothing: the
view answers 404. What a link may do is checked by the view on the server, as for any user.
"""

import hashlib
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from .models import PersonalLink

TOKEN_BYTES = 32


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(obj, expires=None):
    """A new token for a link to `obj`, valid until `expires` (None: until revoked).

    Expired links of every object are removed on the way, so the table keeps only live ones.
    """
    PersonalLink.objects.filter(expires__lte=timezone.now()).delete()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    PersonalLink.objects.create(
        token_hash=token_hash(token),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        expires=expires,
    )
    return token


def find(queryset, token):
    """The object of `queryset` that a live link with this token opens, or None (one query)."""
    live = PersonalLink.objects.filter(
        Q(expires__isnull=True) | Q(expires__gt=timezone.now()),
        token_hash=token_hash(token),
        content_type=ContentType.objects.get_for_model(queryset.model),
    )
    return queryset.filter(pk__in=live.values("object_id")).first()


def revoke(model, ids):
    """End every link to the objects (e.g. when they are anonymised or removed)."""
    PersonalLink.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=ids
    ).delete()
