import csv
from collections import Counter, defaultdict
from itertools import chain

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal import publicforms
from biblioteksportal.access import readers, staff_only
from biblioteksportal.exports import csv_safe, table_response
from biblioteksportal.models import Activity, Region
from kompetens.interface import events_for_adults_with_children

from . import services
from .choices import ActorKind, AgeGroup, IncomeShare, MemberKind, ModerationStatus, Offer
from .forms import ActorRegistrationForm, DirectorySearchForm
from .models import (
    LiteraryActor,
    Method,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)

SESSION_TOKEN = "lasframjande_removal_token"


def directory(request, region):
    region = get_object_or_404(Region, slug=region)
    form = DirectorySearchForm(request.GET or None, region=region)
    actors = LiteraryActor.objects.public().filter(region=region).select_related("municipality")
    if form.is_bound:
        actors = form.filter(actors)
    context = {"region": region, "form": form, "actors": actors}
    headers = [
        _("Namn"),
        _("Slag"),
        _("Kommun"),
        _("Presentation"),
        _("Erbjuder"),
        _("Målgrupper"),
        _("Språk"),
        _("Genrer"),
        _("E-post"),
        _("Telefon"),
        _("Webbplats"),
        _("Fiktiv, demodata"),
    ]
    rows = [
        [
            actor.name,
            ", ".join(actor.kind_labels()),
            actor.municipality,
            actor.description,
            ", ".join(actor.offer_labels()),
            ", ".join(actor.target_group_labels()),
            actor.languages,
            actor.genres,
            actor.email,
            actor.phone,
            actor.website,
            _("ja") if actor.is_fictitious else _("nej"),
        ]
        for actor in actors
    ]
    return table_response(request, f"litterara-aktorer-{region.slug}", headers, rows) or render(
        request, "lasframjande/directory.html", context
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


def registered(request, region):
    region = get_object_or_404(Region, slug=region)
    token = request.session.pop(SESSION_TOKEN, None)
    return render(request, "lasframjande/registered.html", {"region": region, "token": token})


def remove(request, token):
    actor = services.actor_for_token(token)
    if actor is None:
        return render(request, "lasframjande/removal_invalid.html", status=404)
    if request.method == "POST":
        services.remove(actor)
        return render(request, "lasframjande/removed.html", {"region": actor.region})
    return render(request, "lasframjande/remove.html", {"actor": actor, "region": actor.region})


@staff_only
def export(request):
    actors = LiteraryActor.objects.for_user(request.user).select_related("municipality")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="litterara-aktorer.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Namn"),
            _("Slag"),
            _("Kommun"),
            _("Språk"),
            _("Genrer"),
            _("Målgrupper"),
            _("Erbjuder"),
            _("E-post"),
            _("Telefon"),
            _("Webbplats"),
            _("Andel av inkomsten från litterärt arbete"),
            _("Var aktören verkar"),
            _("Behov"),
            _("Presentation"),
            _("Granskning"),
            _("Visas i katalogen"),
            _("Fiktiv"),
            _("Anmäld"),
        ]
    )
    for actor in actors:
        row = [
            actor.name,
            ", ".join(actor.kind_labels()),
            actor.municipality or "",
            actor.languages,
            actor.genres,
            ", ".join(actor.target_group_labels()),
            ", ".join(actor.offer_labels()),
            actor.email,
            actor.phone,
            actor.website,
            actor.get_income_share_display(),
            actor.venues,
            actor.needs,
            actor.description,
            actor.get_status_display(),
            _("ja") if actor.show_in_directory else _("nej"),
            _("ja") if actor.is_fictitious else _("nej"),
            f"{actor.created:%Y-%m-%d}",
        ]
        writer.writerow([csv_safe(value) for value in row])
    return response


@readers
def network(request):
    members = list(
        NetworkMember.objects.for_user(request.user).select_related("organisation", "municipality")
    )
    by_kind = defaultdict(list)
    by_municipality = defaultdict(list)
    for member in members:
        by_kind[member.kind].append(member)
        by_municipality[member.municipality].append(member)
    kinds = [(label, by_kind[value]) for value, label in MemberKind.choices]
    municipalities = sorted(
        by_municipality.items(), key=lambda item: (item[0] is None, str(item[0] or ""))
    )
    meetings = NetworkMeeting.objects.for_user(request.user).prefetch_related(
        Prefetch("attendees", queryset=NetworkMember.objects.select_related("organisation"))
    )
    context = {"kinds": kinds, "municipalities": municipalities, "meetings": meetings}
    headers = [
        _("Slag"),
        _("Organisation"),
        _("Kommun"),
        _("Kontakt"),
        _("E-post"),
        _("Med sedan"),
    ]
    rows = [
        [
            label,
            m.organisation,
            m.municipality or _("Hela länet"),
            m.contact_name,
            m.contact_email,
            m.since,
        ]
        for label, members in kinds
        for m in members
    ]
    return table_response(request, "natverket", headers, rows) or render(
        request, "lasframjande/network.html", context
    )


@readers
def projects(request):
    activities = Activity.objects.select_related("area_year__year")
    projects = Project.objects.for_user(request.user).prefetch_related(
        "partners", "methods", Prefetch("activities", queryset=activities)
    )
    headers = [
        _("Projekt"),
        _("Fas"),
        _("Från"),
        _("Till och med"),
        _("Beskrivning"),
        _("Mål"),
        _("Finansiering"),
        _("Budget (kr)"),
        _("Parter"),
        _("Metoder"),
        _("Aktiviteter"),
    ]
    rows = [
        [
            p.name,
            p.get_phase_display(),
            p.start,
            p.end,
            p.description,
            p.goals,
            p.funding,
            p.budget,
            ", ".join(str(partner) for partner in p.partners.all()),
            ", ".join(str(method) for method in p.methods.all()),
            "; ".join(
                f"{a.title} ({a.area_year.year.year}, {a.get_status_display()})"
                for a in p.activities.all()
            ),
        ]
        for p in projects
    ]
    return table_response(request, "projekt", headers, rows) or render(
        request, "lasframjande/projects.html", {"projects": projects}
    )


@readers
def methods(request):
    methods = Method.objects.for_user(request.user).prefetch_related("links", "projects")
    headers = [
        _("Metod"),
        _("Målgrupp"),
        _("Beskrivning"),
        _("Har använts"),
        _("I projekt"),
        _("Länkar"),
    ]
    rows = [
        [
            m.name,
            ", ".join(m.age_group_labels()),
            m.description,
            m.where_used,
            ", ".join(str(project) for project in m.projects.all()),
            " ".join(link.url for link in m.links.all()),
        ]
        for m in methods
    ]
    return table_response(request, "metodbank", headers, rows) or render(
        request, "lasframjande/methods.html", {"methods": methods}
    )


@readers
def arenas(request):
    arenas = list(
        WritingArena.objects.for_user(request.user)
        .select_related("municipality")
        .prefetch_related("participation")
    )
    counts = [participants(arena) for arena in arenas]
    sums = [sum(column) for column in zip(*counts, strict=True)] or [0] * len(AgeGroup.values)
    age_groups = list(zip(AgeGroup.labels, sums, strict=True))
    context = {"arenas": arenas, "age_groups": age_groups, "total": sum(sums)}
    headers = [
        _("Skrivarena"),
        _("Slag"),
        _("Datum"),
        _("Till och med"),
        _("Plats"),
        _("Kommun"),
        _("Arrangör"),
        _("För"),
        *AgeGroup.labels,  # participants per age group
    ]
    rows = [
        [a.title, a.get_kind_display(), a.start, a.end, a.place, a.municipality, a.organiser]
        + [", ".join(a.age_group_labels()), *n]
        for a, n in zip(arenas, counts, strict=True)
    ]
    return table_response(request, "skrivarenor", headers, rows) or render(
        request, "lasframjande/arenas.html", context
    )


def participants(arena):
    """An arena's participants in each age group, in the order of AgeGroup."""
    counts = {row.age_group: row.count for row in arena.participation.all()}
    return [counts.get(value, 0) for value in AgeGroup.values]


@readers
def adults(request):
    """The competence app's events for adults who work with children (read-only here)."""
    events = events_for_adults_with_children(request.user)
    headers = [
        _("Datum"),
        _("Tillfälle"),
        _("Status"),
        _("Typ"),
        _("Plats"),
        _("Arrangör"),
        _("Deltog"),
    ]
    rows = [
        [
            f"{timezone.localtime(e.start):%Y-%m-%d}",
            e.title,
            e.get_status_display(),
            e.get_kind_display(),
            e.place or _("Digitalt"),
            e.organiser or _("Regional biblioteksverksamhet"),
            e.attended,
        ]
        for e in events
    ]
    return table_response(request, "vuxna-som-arbetar-med-barn", headers, rows) or render(
        request, "lasframjande/adults.html", {"events": events}
    )


def tally(values, choices):
    """[(label, count)] for every choice, in the choices' order."""
    counts = Counter(values)
    return [(label, counts[value]) for value, label in choices]


@readers
def inventory(request):
    """The inventory of the county's literary actors, in figures (no one is named)."""
    actors = list(
        LiteraryActor.objects.for_user(request.user)
        .exclude(status=ModerationStatus.REJECTED)
        .values_list("kinds", "offers", "target_groups", "income_share", "municipality__name")
    )
    municipalities = Counter(row[4] or _("Ingen kommun angiven") for row in actors)
    context = {
        "total": len(actors),
        "tables": [
            (_("Slag av aktör"), tally(chain(*(row[0] for row in actors)), ActorKind.choices)),
            (_("Erbjuder"), tally(chain(*(row[1] for row in actors)), Offer.choices)),
            (_("Målgrupper"), tally(chain(*(row[2] for row in actors)), AgeGroup.choices)),
            (
                _("Andel av inkomsten från litterärt arbete"),
                tally((row[3] for row in actors), IncomeShare.choices)
                + [(_("Inget svar"), sum(1 for row in actors if not row[3]))],
            ),
            (_("Kommun"), sorted(municipalities.items())),
        ],
    }
    rows = [[caption, label, n] for caption, counts in context["tables"] for label, n in counts]
    headers = [_("Fråga"), _("Svar"), _("Antal")]
    return table_response(request, "kartlaggning", headers, rows) or render(
        request, "lasframjande/inventory.html", context
    )
