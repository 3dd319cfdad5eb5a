"""The multi-step writes of the kompetens app, each in one transaction."""

import codecs
import csv
import hashlib
from collections import defaultdict
from io import BytesIO

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal import links, mail
from biblioteksportal.documents import detect_encoding
from biblioteksportal.models import Municipality

from .choices import EventStatus, RegistrationStatus
from .models import (
    SCALE,
    Answer,
    AssessmentRound,
    Registration,
    Response,
    ResponseImport,
    Statement,
    TrainingEvent,
)

TOKEN_SALT = "kompetens.registration"


class RegistrationError(Exception):
    """A registration that may not be made; the message is for the person registering."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# Self-assessment rounds ------------------------------------------------------------------


def copy_round(round, *, name, held):
    """A new round of the round's region, with a copy of its statements (code, area, text,
    order) and no answers. A name the region already has is refused (ValidationError at
    `name`)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                new = AssessmentRound.objects.create(
                    region_id=round.region_id, name=name, held=held
                )
        except IntegrityError:
            raise ValidationError(
                {"name": _("Regionen har redan en självskattningsomgång med det namnet.")}
            ) from None
        Statement.objects.bulk_create(
            Statement(round=new, code=s.code, area=s.area, text=s.text, position=s.position)
            for s in round.statements.all()
        )
    return new


# Registration links ----------------------------------------------------------------------


def retention_months():
    """Months after an event that its participants' names and e-mail are kept."""
    return getattr(settings, "KOMPETENS_RETENTION_MONTHS", 12)


def link_expiry(event):
    """A registration's personal links work until its event's retention period has passed."""
    return months_before(event.end, -retention_months())  # that many months after the end


def personal_token(registration):
    """A new token for the registration's personal link (core `links`: only its hash is kept)."""
    return links.issue(registration, expires=link_expiry(registration.event))


def registration_from_token(token, queryset):
    """The registration the token's link opens, or None: unknown, expired, or anonymised.

    A link signed with SECRET_KEY (mailed before personal links were stored) is still read
    until the same expiry; such links are gone once every event before the change has passed
    its retention period.
    """
    registration = links.find(queryset, token)
    if registration is None:
        try:
            pk = signing.loads(token, salt=TOKEN_SALT)
        except signing.BadSignature:
            return None
        registration = queryset.filter(pk=pk).first()
        if registration is None or link_expiry(registration.event) <= timezone.now():
            return None
    return registration if registration.anonymised is None else None


def _mail_after_commit(registration, template, base_url, page="kompetens:registration"):
    """The mail of `template` to the registrant, with a personal link to `page` (their
    registration's page, or its certificate), after the commit."""
    token = personal_token(registration)
    link = base_url.rstrip("/") + reverse(page, args=[token])
    event = registration.event
    mail.send(
        f"kompetens.{template}",
        to=registration.email,
        template=f"kompetens/email/{template}",
        context={"registration": registration, "event": event, "link": link},
        region=event.region,
        obj=registration,
    )


# Registering and cancelling --------------------------------------------------------------


def register(event, *, name, email, library, base_url, registered_by=None, now=None):
    """A place if one is left, else a place on the waiting list; the person gets an e-mail.

    The event's row is locked for the transaction, so that two people registering for the
    last place at once are served one after the other: exactly `capacity` places are given.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            raise RegistrationError(_("Utbildningstillfället är inställt."))
        if now >= event.start or (
            event.registration_deadline and now > event.registration_deadline
        ):
            raise RegistrationError(_("Sista anmälningsdag har passerat."))
        active = event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        if active.filter(email__iexact=email).exists():
            raise RegistrationError(
                _("E-postadressen är redan anmäld till det här tillfället."), field="email"
            )
        confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
        status = (
            RegistrationStatus.CONFIRMED
            if confirmed < event.capacity
            else RegistrationStatus.WAITING
        )
        registration = Registration.objects.create(
            event=event,
            name=name,
            email=email,
            library=library,
            status=status,
            registered_by=registered_by,
        )
        _mail_after_commit(registration, "registered", base_url)
    return registration


def cancel_refusal(registration, event):
    """Why the registration may not be cancelled, or None when it may: not twice, not once
    the event has started, and not when attended (its attendance counts)."""
    if registration.status == RegistrationStatus.CANCELLED:
        return _("Anmälan är redan avbokad.")
    if registration.attended:
        return _("En anmälan med registrerat deltagande kan inte avbokas.")
    if event.start <= timezone.now():
        return _("Utbildningen har redan börjat, så anmälan kan inte avbokas.")
    return None


def leave_refusal(registration, event):
    """Why the registrant may not leave the waiting list, or None when they may: only while
    on it, and not once the event has started."""
    if registration.status == RegistrationStatus.CONFIRMED:
        return _(
            "Du har redan fått en plats och står inte på reservlistan. "
            "Avboka platsen om du inte kan komma."
        )
    if registration.status != RegistrationStatus.WAITING:
        return _("Du står inte längre på reservlistan.")
    if event.start <= timezone.now():
        return _("Utbildningen har redan börjat, så reservlistan kan inte lämnas.")
    return None


def _withdraw(registration, refusal, template, base_url):
    """Lock the event and the registration, refuse what `refusal` refuses (RegistrationError),
    else cancel the registration and mail `template`; returns the locked event. Inside the
    caller's transaction."""
    event = TrainingEvent.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if message := refusal(registration, event):
        raise RegistrationError(message)
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "modified"])
    _mail_after_commit(registration, template, base_url)
    return event


def cancel(registration, *, base_url):
    """Cancel a registration; a freed place goes to the first on the waiting list. A
    registration that may not be cancelled (cancel_refusal) stays: RegistrationError."""
    with transaction.atomic():
        event = _withdraw(registration, cancel_refusal, "cancelled", base_url)
        return _fill_places(event, base_url)


def leave_waiting_list(registration, *, base_url):
    """Take the registrant off the waiting list (the others keep their order); one who may
    not leave it (leave_refusal) stays: RegistrationError."""
    with transaction.atomic():
        _withdraw(registration, leave_refusal, "left_waiting_list", base_url)


def fill_places(event, *, base_url):
    """Give free places (e.g. after the capacity was raised) to those waiting, in order."""
    with transaction.atomic():
        event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
        return _fill_places(event, base_url)


def _fill_places(event, base_url):
    if event.is_cancelled or event.start <= timezone.now():
        return []
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    free = max(event.capacity - confirmed, 0)
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING)
    promoted = list(waiting.order_by("created", "pk")[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "modified"])
        _mail_after_commit(registration, "promoted", base_url)
    return promoted


def cancel_event(event, *, base_url):
    """Cancel an event and tell everyone registered (with a place or waiting)."""
    with transaction.atomic():
        event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            return 0
        event.status = EventStatus.CANCELLED
        event.save(update_fields=["status", "modified"])
        registrations = list(
            event.registrations.exclude(status=RegistrationStatus.CANCELLED).exclude(email="")
        )
        for registration in registrations:
            _mail_after_commit(registration, "event_cancelled", base_url)
    return len(registrations)


def mark_attendance(event, attended_ids, *, base_url):
    """Those with a place who attended; everyone else with a place did not. Each one present
    is mailed a personal link to their certificate the first time they are marked present,
    never again (`certificate_offered`); returns those mailed now."""
    now = timezone.now()
    with transaction.atomic():
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        confirmed.filter(pk__in=attended_ids).update(attended=True, modified=now)
        confirmed.exclude(pk__in=attended_ids).update(attended=False, modified=now)
        # the updates above lock the rows: a second marking at once waits, then finds these
        # already offered
        offered = list(
            confirmed.filter(attended=True, certificate_offered=None)
            .exclude(email="")
            .select_related("event__region")
        )
        Registration.objects.filter(pk__in=[r.pk for r in offered]).update(certificate_offered=now)
        for registration in offered:
            _mail_after_commit(registration, "certificate", base_url, "kompetens:certificate")
    return offered


# Retention ---------------------------------------------------------------------------------


def months_before(moment, months):
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def anonymise_participants(months, now=None):
    """Blank name and e-mail of registrations for events that ended `months` ago or more,
    in the registrations, their audit history and the mail log; their personal links end.

    Library, status and attendance stay, so the counts per municipality and library remain.
    """
    now = now or timezone.now()
    old = Registration.objects.filter(
        anonymised__isnull=True, event__end__lt=months_before(now, months)
    )
    with transaction.atomic():
        ids = list(old.values_list("pk", flat=True))
        count = old.update(name="", email="", anonymised=now)
        history = apps.get_model("kompetens", "RegistrationEvent")
        history.objects.filter(pgh_obj__in=ids).update(name="", email="")
        links.revoke(Registration, ids)
        mail.erase(Registration, ids)
    return count


# Importing self-assessment responses --------------------------------------------------------

MUNICIPALITY_COLUMN = "kommun"
TEAM_COLUMN = "arbetslag"


def _utf8(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decoded_lines(data):
    """(line number, text or None) for each line, in the file's encoding as every import
    decides it (a Windows-1252 file, as Excel saves "CSV (semikolonavgränsad)" on a Swedish
    Windows, included); None for a stray line that is not UTF-8 in a UTF-8 file."""
    encoding = detect_encoding(BytesIO(data))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    lines = data.splitlines()
    if encoding.startswith("utf-8"):
        return enumerate(map(_utf8, lines), start=1)
    return enumerate((raw.decode(encoding) for raw in lines), start=1)


def _cells(text, delimiter):
    """A line's cells, or None when the csv module cannot read it (e.g. a cell longer than
    its field limit of 131,072 characters)."""
    try:
        return [c.strip() for c in next(csv.reader([text], delimiter=delimiter))]
    except csv.Error:
        return None


def _imported_sheets(round):
    """The round's imported answer sheets, each import listed once per sheet, by
    (municipality, team, values in statement order)."""
    imports = {i.pk: i for i in round.imports.all()}
    sheets = defaultdict(list)
    for municipality, team, values, source in (
        Response.objects.filter(round=round, source__isnull=False)
        .annotate(values=ArrayAgg("answers__value", order_by="answers__statement"))
        .values_list("municipality", "team", "values", "source")
    ):
        sheets[municipality, team, tuple(values)].append(imports[source])
    return sheets


def upload_responses(round, upload, user=None):
    """Store an uploaded file of answer sheets as an import of the round and queue its import
    (`import_responses`, in the upload's transaction). A file imported before into the round
    is refused (ValidationError)."""
    from .tasks import import_answers

    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        # one upload of a round at a time, so that two uploads of a file cannot both be stored
        AssessmentRound.objects.select_for_update().get(pk=round.pk)
        earlier = round.imports.filter(sha256=digest).first()
        if earlier:
            raise ValidationError(
                _(
                    "Filen är redan importerad till omgången: %(import)s, %(n)d svar. "
                    "Ta bort den importen först om filen ska importeras på nytt."
                )
                % {"import": earlier, "n": earlier.responses.count()}
            )
        source = ResponseImport.objects.create(
            round=round,
            file=ContentFile(data, name=upload.name),
            file_name=upload.name[:255],
            sha256=digest,
            created_by=user,
        )
        import_answers.defer(source_id=source.pk)
    return source


def import_responses(source):
    """Import an uploaded file of answer sheets (the queue's job): its good rows become the
    import's sheets and the bad ones its `errors`, in one transaction with `finished`, so that
    a job stopped midway leaves nothing and one run again after it is done adds nothing."""
    with transaction.atomic():
        source = ResponseImport.objects.select_for_update().get(pk=source.pk)
        if source.finished:
            return source
        # one import of a round at a time, so that two imports cannot both count a sheet
        round = AssessmentRound.objects.select_for_update().get(pk=source.round_id)
        with source.file.open("rb") as file:
            sheets, errors = _sheets(round, file.read())
        responses = Response.objects.bulk_create(
            [
                Response(round=round, municipality=m, team=team, source=source)
                for m, team, _v in sheets
            ]
        )
        Answer.objects.bulk_create(
            Answer(response=response, statement=statement, value=value)
            for response, (_m, _team, values) in zip(responses, sheets, strict=True)
            for statement, value in values.items()
        )
        source.errors, source.finished = errors, timezone.now()
        source.save(update_fields=["errors", "finished", "modified"])
    return source


def fail_import(source):
    """An import whose job failed with an error is finished with that as its one error, so
    that its page stops waiting; removing it lets the file be uploaded again."""
    message = _("Importen avbröts av ett fel. Ta bort importen och ladda upp filen igen.")
    now = timezone.now()
    ResponseImport.objects.filter(pk=source.pk, finished=None).update(
        errors=[(None, message)], finished=now, modified=now
    )


def _sheets(round, data):
    """The good answer sheets of CSV bytes, as (municipality, team, {statement: value}), and
    the errors (line number or None for the whole file, message).

    The header names the columns `kommun`, `arbetslag` and each statement's code. A file
    whose header is wrong has no sheets; a row with the same answers as a sheet imported
    before (e.g. a later export of the same survey) is an error, not counted twice.
    """
    lines = [(n, text) for n, text in _decoded_lines(data) if text is None or text.strip()]
    if not lines:
        return [], [(None, _("Filen är tom."))]
    header_number, header = lines[0]
    if header is None:
        return [], [(header_number, _("Filen är inte sparad som UTF-8. Spara den som CSV UTF-8."))]
    unreadable = _("Raden kan inte läsas som CSV, t.ex. för att ett värde är för långt.")
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    columns = _cells(header, delimiter)
    if columns is None:
        return [], [(header_number, unreadable)]
    columns = [c.lower() for c in columns]
    statements = {s.code.lower(): s for s in round.statements.all()}
    missing = [c for c in [MUNICIPALITY_COLUMN, TEAM_COLUMN, *statements] if c not in columns]
    if missing:
        message = _("Kolumner saknas: %(columns)s.") % {"columns": ", ".join(missing)}
        return [], [(header_number, message)]
    municipalities = {}
    for municipality in Municipality.objects.filter(region=round.region_id):
        municipalities[municipality.name.lower()] = municipality
        municipalities[municipality.code] = municipality
    team_length = Response._meta.get_field("team").max_length
    by_pk = sorted(statements.values(), key=lambda statement: statement.pk)

    known = _imported_sheets(round)
    errors, sheets = [], []
    for number, text in lines[1:]:
        if text is None:
            errors.append((number, _("Raden är inte UTF-8-kodad. Spara filen som CSV UTF-8.")))
            continue
        if "\x00" in text:
            errors.append((number, _("Raden innehåller ett otillåtet tecken (NUL).")))
            continue
        cells = _cells(text, delimiter)
        if cells is None:
            errors.append((number, unreadable))
            continue
        if len(cells) < len(columns):
            errors.append((number, _("Raden har för få kolumner.")))
            continue
        row = dict(zip(columns, cells, strict=False))
        municipality = municipalities.get(row[MUNICIPALITY_COLUMN].lower())
        if municipality is None:
            errors.append(
                (number, _("Okänd kommun: ”%(name)s”.") % {"name": row[MUNICIPALITY_COLUMN]})
            )
            continue
        team = row[TEAM_COLUMN]
        if len(team) > team_length:
            message = _("Arbetslaget får vara högst %(n)d tecken.") % {"n": team_length}
            errors.append((number, message))
            continue
        values, blank, bad = {}, [], []
        for code, statement in statements.items():
            value = row[code]
            if not value:
                blank.append(statement.code)
            elif not value.isdecimal() or not SCALE[0] <= int(value) <= SCALE[1]:
                bad.append(f"{statement.code} (”{value}”)")
            else:
                values[statement] = int(value)
        problems = []
        if blank:
            problems.append(_("Värde saknas: %(columns)s.") % {"columns": ", ".join(blank)})
        if bad:
            problems.append(_("Värden utanför skalan 1–7: %(cells)s.") % {"cells": ", ".join(bad)})
        if problems:
            errors.append((number, " ".join(problems)))
            continue
        same = known[municipality.pk, team, tuple(values[s] for s in by_pk)]
        if same:
            message = _("Samma svar finns redan i importen %(import)s.")
            errors.append((number, message % {"import": same.pop(0)}))
            continue
        sheets.append((municipality, team, values))

    return sheets, errors
