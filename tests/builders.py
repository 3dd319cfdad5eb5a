"""Every builder of the test suite: plain functions (and a few constants) that create a test's
data, grouped by the app whose data they build. Fixtures live in the conftest files, and may
call these; tests import them with `from tests.builders import …` (relative in the package)."""

import contextlib
import io
import os
import re
import runpy
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from pypdf import PdfWriter

from biblioteksplaner import services as plan_services
from biblioteksplaner.choices import AdoptingBody
from biblioteksplaner.models import LibraryPlan
from biblioteksportal import links
from biblioteksportal.choices import (
    ActivityStatus,
    AreaApp,
    AssessmentMethod,
    Compliance,
    GoalKind,
    LibraryKind,
)
from biblioteksportal.models import (
    AccessibilityShortcoming,
    AccessibilityStatement,
    Activity,
    AreaYear,
    DevelopmentArea,
    Goal,
    Library,
    Municipality,
    Organisation,
    Outcome,
    Person,
    Profile,
    Year,
)
from kompetens import services as kompetens_services
from kompetens.choices import DigComp, EventKind
from kompetens.models import AssessmentRound, Statement, TrainingEvent
from lasframjande.choices import (
    ActorKind,
    AgeGroup,
    ArenaKind,
    MemberKind,
    ModerationStatus,
    Offer,
    ProjectPhase,
)
from lasframjande.models import (
    ArenaParticipation,
    LiteraryActor,
    Method,
    MethodLink,
    NetworkMeeting,
    NetworkMember,
    Project,
    WritingArena,
)
from samverkan.generate import generate
from samverkan.koha import run_import
from samverkan.models import BranchCode, TransferImport

ROOT = Path(__file__).resolve().parent.parent

# --- The core: users, libraries, the yearly frame, a real PDF, a local time ---

PASSWORD = "Rätt-hemligt-lösen-42"


def make_user(username, role=None, region=None, municipality=None, **extra):
    """A user with PASSWORD, and a profile with `role` when one is given."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, **extra
    )
    if role:
        Profile.objects.create(user=user, role=role, region=region, municipality=municipality)
    return user


def make_library(municipality, name=None, kind=LibraryKind.MAIN, region=None):
    """A library of `municipality` (or, with municipality None, of `region` only)."""
    return Library.objects.create(
        region=region or municipality.region,
        municipality=municipality,
        name=name or f"{municipality.name}s bibliotek",
        kind=kind,
    )


def make_statement(region, shortcomings=(), **extra):
    """A partly compliant, self-assessed accessibility statement with `shortcomings`, each a
    (reason, description) pair."""
    statement = AccessibilityStatement.objects.create(
        region=region,
        **{
            "public_body": region.name,
            "service": region.portal_title,
            "compliance": Compliance.PARTIAL,
            "method": AssessmentMethod.SELF,
            "assessed": date(2026, 9, 1),
            "prepared": date(2026, 9, 15),
            "reviewed": date(2026, 11, 1),
            "feedback_email": "tillganglighet@example.org",
            "response_days": 5,
            **extra,
        },
    )
    for position, (reason, description) in enumerate(shortcomings):
        AccessibilityShortcoming.objects.create(
            statement=statement,
            reason=reason,
            description=description,
            explanation=f"Förklaring av {description}",
            position=position,
        )
    return statement


def make_frame(region, year=2019, municipalities=(), areas=AreaApp):
    """A year with every area, each with a partner, a goal, an activity and an outcome."""
    year_obj = Year.objects.create(region=region, year=year)
    for position, app in enumerate(areas, start=1):
        area, _ = DevelopmentArea.objects.get_or_create(
            region=region, app=app, defaults={"name": app.label, "position": position}
        )
        area_year = AreaYear.objects.create(area=area, year=year_obj)
        grow_area_year(area_year, 1, municipalities)
        Outcome.objects.create(area_year=area_year, narrative=f"Utfall för {app.label}.")
    return year_obj


def grow_area_year(area_year, n, municipalities=()):
    """Adds n partners, goals, and activities (each with a sub-activity) to an area's year."""
    start = area_year.activities.count()
    for i in range(start, start + n):
        partner = Organisation.objects.create(
            name=f"Partner {area_year.pk}-{i}", kind="association"
        )
        area_year.partners.add(partner)
        goal = Goal.objects.create(
            area_year=area_year, kind=GoalKind.SUBGOAL, text=f"Delmål {i}", position=i
        )
        person = Person.objects.create(region=area_year.year.region, name=f"Person {i}")
        activity = Activity.objects.create(
            area_year=area_year, title=f"Aktivitet {i}", status=ActivityStatus.DONE, position=i
        )
        activity.goals.add(goal)
        activity.responsible.add(person)
        activity.partners.add(partner)
        activity.municipalities.add(*municipalities)
        Activity.objects.create(
            area_year=area_year,
            parent=activity,
            title=f"Delaktivitet {i}",
            status=ActivityStatus.POSTPONED,
            status_reason="Ingen personalkapacitet.",
        )


def make_pdf():
    """The bytes of a valid PDF with one blank page."""
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = make_pdf()


def at(year, month, day, hour=9):
    """That hour of that day in the portal's time zone."""
    return timezone.make_aware(datetime(year, month, day, hour))


CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def routes(patterns=None, prefix=""):
    """Every URL pattern of the project as a path, each parameter a `{name}` field for
    str.format (route_names lists them)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        part = str(entry.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        part = CONVERTER.sub(r"{\1}", GROUP.sub(r"{\1}", part))
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + part)
        else:
            assert isinstance(entry, URLPattern)
            yield "/" + prefix + part


def route_names(route):
    return re.findall(r"\{(\w+)\}", route)


# --- samverkan: libraries with Koha codes, Koha CSV exports ---

KOHA_HEADER = (
    "branchtransfer_id,itemnumber,biblionumber,title,daterequested,datesent,frombranch,"
    "datearrived,datecancelled,tobranch,comments,reason"
)


def make_libraries(region, vasteras, koping):
    """Two main libraries and the hospital library, mapped to Koha codes VAS, KOP, SJH."""
    libraries = {
        "VAS": make_library(vasteras, "Västerås stadsbibliotek"),
        "KOP": make_library(koping, "Köpings stadsbibliotek"),
        "SJH": make_library(None, "Sjukhusbiblioteket", LibraryKind.HOSPITAL, region),
    }
    for code, library in libraries.items():
        BranchCode.objects.create(region=region, code=code, library=library)
    return libraries


def csv_bytes(lines, encoding="utf-8", header=KOHA_HEADER, delimiter=","):
    """A Koha branch-transfer export of `lines` (comma-separated) under `header`."""
    text = "\n".join([header, *lines]) + "\n"
    if delimiter != ",":
        text = text.replace(",", delimiter)
    return text.encode(encoding)


def import_bytes(region, data, name="branchtransfers.csv"):
    """Import `data` as an uploaded file, synchronously; returns the finished run."""
    run = TransferImport.objects.create(
        region=region, file=SimpleUploadedFile(name, data), file_name=name
    )
    return run_import(run)


def generated(rows, codes=("VAS", "KOP", "SJH"), seed=1, first_id=1, year=2019):
    """A generated Koha export of `rows` transfers between the libraries `codes`."""
    out = io.StringIO()
    generate(out, list(codes), rows, year=year, seed=seed, first_id=first_id)
    return out.getvalue().encode()


# --- kompetens: training events, self-assessment rounds and their CSV ---

ASSESSMENT_HEADER = "kommun;arbetslag;P1;P2;P3;P4;P5\n"


def make_event(region, days=30, capacity=20, start=None, hours=4, **extra):
    """A half-day training `days` from now (or at `start`), lasting `hours`."""
    start = start or timezone.now().replace(microsecond=0) + timedelta(days=days)
    fields = {
        "region": region,
        "title": "Digital källkritik",
        "kind": EventKind.HALF_DAY,
        "start": start,
        "end": start + timedelta(hours=hours),
        "place": "Västerås stadsbibliotek",
        "capacity": capacity,
        **extra,
    }
    return TrainingEvent.objects.create(**fields)


def make_round(region, name="Hösten 2018", held=date(2018, 11, 15)):
    """An assessment round with one statement P1…P5 per DigComp area."""
    round = AssessmentRound.objects.create(region=region, name=name, held=held)
    for i, area in enumerate(DigComp, start=1):
        Statement.objects.create(round=round, code=f"P{i}", area=area, text=f"Påstående {i}")
    return round


def assessment_rows(municipality, n, values=(4, 5, 6, 2, 3), team="A"):
    """n lines of an assessment CSV (under ASSESSMENT_HEADER) with the same answers."""
    return "".join(f"{municipality};{team};{';'.join(map(str, values))}\n" for _ in range(n))


def import_sheets(round, data, name="svar.csv"):
    """Upload the answer sheets `data` (bytes) to `round` and run the import's job here;
    returns (sheets imported, errors as (line, message))."""
    source = kompetens_services.import_responses(
        kompetens_services.upload_responses(round, SimpleUploadedFile(name, data))
    )
    return source.responses.count(), [tuple(error) for error in source.errors]


# --- biblioteksplaner: library plans ---


def plan_answer(report, **extra):
    """A reporter's answer to a follow-up report, as its form posts it (saved, not sent)."""
    return {
        "loaded_version": report.version,
        "has_plan": "on",
        "plan_title": "Biblioteksplan 2020–2023",
        "adopted_by": AdoptingBody.MUNICIPAL_COUNCIL,
        "decision_date": "2019-12-16",
        "start": "2020-01-01",
        "end": "2023-12-31",
        "comment": "Vår kommentar",
        "action": "save",
        **extra,
    }


def make_plan(owner, start, end, title="Biblioteksplan", region=None, **extra):
    """A plan of a municipality, or of the region when `owner` is a Region."""
    is_region = owner.__class__.__name__ == "Region"
    return LibraryPlan.objects.create(
        region=owner if is_region else owner.region,
        municipality=None if is_region else owner,
        title=title,
        adopted_by=AdoptingBody.MUNICIPAL_COUNCIL,
        decision_date=extra.pop("decision_date", start),
        start=start,
        end=end,
        **extra,
    )


def grow_county(region, n=10):
    """n more municipalities, each with an old plan and a current one, extended."""
    first = Municipality.objects.count()
    for i in range(first, first + n):
        m = Municipality.objects.create(region=region, name=f"Kommun {i}", code=f"{1100 + i}")
        make_plan(m, date(2016, 1, 1), date(2019, 12, 31))
        plan = make_plan(m, date(2020, 1, 1), date(2021, 12, 31))
        plan_services.extend_plan(
            plan, AdoptingBody.COMMITTEE, date(2021, 1, 1), date(2022, 12, 31)
        )


# --- lasframjande: literary actors, the network, methods, projects, writing arenas ---


def make_actor(region, name, status=ModerationStatus.APPROVED, shown=True, **extra):
    """An actor, with the removal token that only the actor knows in `actor.token`."""
    actor = LiteraryActor.objects.create(
        region=region,
        name=name,
        kinds=extra.pop("kinds", [ActorKind.WRITER]),
        offers=extra.pop("offers", [Offer.READING]),
        email=extra.pop("email", "aktor@example.org"),
        consented_at=timezone.now(),
        show_in_directory=shown,
        status=status,
        **extra,
    )
    actor.token = links.issue(actor)
    return actor


def grow_register(region, municipality, n, start=0):
    """n of every record kind, in every state that a page must show or hide."""
    for i in range(start, start + n):
        make_actor(region, f"Godkänd {i}", municipality=municipality)
        make_actor(region, f"Ogranskad {i}", status=ModerationStatus.PENDING)
        make_actor(region, f"Dold {i}", shown=False)
        organisation = Organisation.objects.create(name=f"Organisation {i}", kind="other")
        member = NetworkMember.objects.create(
            region=region,
            organisation=organisation,
            kind=list(MemberKind)[i % len(MemberKind)],
            municipality=municipality if i % 2 else None,
            contact_name=f"Kontakt {i}",
            since=date(2019, 3, 1),
        )
        meeting = NetworkMeeting.objects.create(
            region=region, date=date(2019, 5, 1 + i % 28), title=f"Träff {i}", notes="Anteckning."
        )
        meeting.attendees.add(member)
        method = Method.objects.create(
            region=region,
            name=f"Metod {i}",
            age_groups=[AgeGroup.AGE_0_5],
            description="Beskrivning.",
            added=date(2019, 2, 1),
        )
        MethodLink.objects.create(method=method, title=f"Länk {i}", url="https://example.org/")
        project = Project.objects.create(
            region=region, name=f"Projekt {i}", phase=ProjectPhase.IDEA, start=date(2019, 1, 1)
        )
        project.partners.add(organisation)
        project.methods.add(method)
        arena = WritingArena.objects.create(
            region=region,
            title=f"Skrivarverkstad {i}",
            kind=ArenaKind.WORKSHOP,
            age_groups=[AgeGroup.AGE_10_12],
            start=date(2019, 4, 1),
            place="Biblioteket",
            municipality=municipality,
            organiser="Biblioteket",
        )
        ArenaParticipation.objects.create(arena=arena, age_group=AgeGroup.AGE_10_12, count=5)
        ArenaParticipation.objects.create(arena=arena, age_group=AgeGroup.AGE_13_15, count=2)


# --- A queue worker in a process of its own ---


def database_url():
    """The test database as a DATABASE_URL for a process of its own: on a host, or on the
    embedded server through its socket folder (which goes to psycopg as `host`)."""
    from django.db import connection

    db = connection.settings_dict
    login = quote(db["USER"], safe="") + (
        f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    )
    if db["HOST"].startswith("/"):
        return f"postgres://{login}@/{db['NAME']}?host={quote(db['HOST'], safe='')}"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{login}@{db['HOST'] or 'localhost'}{port}/{db['NAME']}"


@contextlib.contextmanager
def worker_process():
    """`manage.py procrastinate worker` in a process of its own, on the test's database and
    media folder: it sees only committed rows (transactional_db, the live server). Yields the
    process, which the test may kill; stopped at the end, its output printed for a failure."""
    from django.conf import settings

    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "procrastinate", "worker"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)
            output.seek(0)
            print(output.read().decode(errors="replace"))


def wait_for(condition, timeout=60):
    """Wait until `condition()` is true (polling every 20 ms); fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# --- Settings made of environment variables ---

SETTINGS = ROOT / "biblioteksportal" / "settings.py"
OPTIONAL_SERVICES = [
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "REDIS_URL",
]


def settings_from(**environment):
    """The settings that biblioteksportal/settings.py makes of the test's environment with
    these variables (and without the object storage's and Redis's unless given)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in OPTIONAL_SERVICES:
            patch.delenv(name, raising=False)
        for name, value in environment.items():
            patch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))


def region_form(region, municipalities=(), libraries=()):
    """The region's change form as posted, with its two inlines' rows (dicts of fields)."""
    data = {
        "name": region.name,
        "code": region.code,
        "slug": region.slug,
        "open_data_licence": region.open_data_licence,
    }
    for prefix, rows in [("municipalities", municipalities), ("libraries", libraries)]:
        initial = [row for row in rows if "id" in row]
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(initial),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, row in enumerate(rows):
            data |= {f"{prefix}-{i}-{name}": value for name, value in row.items()}
            data[f"{prefix}-{i}-region"] = region.pk
    return data
