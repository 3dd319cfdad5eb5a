"""The public pages of the register of literary actors: the directory, the registration and
the removal of one's own entry."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from biblioteksportal import caching, publicforms
from biblioteksportal.models import Region
from biblioteksportal.tables import Table, respond

from .. import queries, services
from ..forms import ActorRegistrationForm, DirectorySearchForm
from ..tables import DIRECTORY

SESSION_TOKEN = "lasframjande_removal_token"


def directory(request, region):
    """The region's public directory, searchable; the page shows the actors as cards, its
    download is the declared table DIRECTORY."""
    region = get_object_or_404(Region, slug=region)
    form = DirectorySearchForm(request.GET, region=region)
    actors = queries.directory(region, **form.values())
    if form.errors:  # a search that does not validate finds no one
        actors = actors.none()
    context = {
        "region": region,
        "form": form,
        "actors": actors,
        "fragment": SimpleLazyObject(lambda: caching.fragment(request, region.pk)),
    }
    return respond(
        request,
        "lasframjande/directory.html",
        context,
        f"litterara-aktorer-{region.slug}",
        Table(DIRECTORY, actors),
    )


def register(request, region):
    region = get_object_or_404(Region, slug=region)
    form = ActorRegistrationForm(request.POST or None, region=region)
    verdict = form.screen(request) if request.method == "POST" else None
    if verdict == publicforms.ACCEPTED:
        request.session[SESSION_TOKEN] = services.register(form, region, request)
    if verdict:
        return redirect("lasframjande:registered", region=region.slug)
    context = {"region": region, "form": form}
    return render(request, "lasframjande/register.html", context, status=form.status)


@never_cache  # shows the personal removal link
def registered(request, region):
    region = get_object_or_404(Region, slug=region)
    token = request.session.pop(SESSION_TOKEN, None)
    return render(request, "lasframjande/registered.html", {"region": region, "token": token})


@never_cache  # a personal link's page
def remove(request, token):
    actor = queries.actor_for_token(token)
    if actor is None:
        return render(request, "lasframjande/removal_invalid.html", status=404)
    if request.method == "POST":
        services.remove(actor)
        return render(request, "lasframjande/removed.html", {"region": actor.region})
    return render(request, "lasframjande/remove.html", {"actor": actor, "region": actor.region})
