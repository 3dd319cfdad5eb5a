"""The app's declared tables (biblioteksportal.tables): the columns of its pages' downloads,
and of the events' table that its page shows as well."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblioteksportal.tables import Column

from .choices import AgeGroup
from .queries import participants


def joined(items, separator=", "):
    return separator.join(str(item) for item in items)


NAME = Column(_("Namn"), "name")
KINDS = Column(_("Slag"), lambda actor: joined(actor.kind_labels()))
MUNICIPALITY = Column(_("Kommun"), "municipality")
LANGUAGES = Column(_("Språk"), "languages")
GENRES = Column(_("Genrer"), "genres")
TARGET_GROUPS = Column(_("Målgrupper"), lambda actor: joined(actor.target_group_labels()))
OFFERS = Column(_("Erbjuder"), lambda actor: joined(actor.offer_labels()))
CONTACT = [
    Column(_("E-post"), "email"),
    Column(_("Telefon"), "phone"),
    Column(_("Webbplats"), "website"),
]
DESCRIPTION = Column(_("Presentation"), "description")

# the public directory: what it shows
DIRECTORY = [
    NAME,
    KINDS,
    MUNICIPALITY,
    DESCRIPTION,
    OFFERS,
    TARGET_GROUPS,
    LANGUAGES,
    GENRES,
    *CONTACT,
    Column(_("Fiktiv, demodata"), "is_fictitious"),
]
# the staff's export: the whole entry
REGISTER = [
    NAME,
    KINDS,
    MUNICIPALITY,
    LANGUAGES,
    GENRES,
    TARGET_GROUPS,
    OFFERS,
    *CONTACT,
    Column(
        _("Andel av inkomsten från litterärt arbete"),
        lambda actor: actor.get_income_share_display(),
    ),
    Column(_("Var aktören verkar"), "venues"),
    Column(_("Behov"), "needs"),
    DESCRIPTION,
    Column(_("Granskning"), lambda actor: actor.get_status_display()),
    Column(_("Visas i katalogen"), "show_in_directory"),
    Column(_("Fiktiv"), "is_fictitious"),
    Column(_("Anmäld"), lambda actor: timezone.localdate(actor.created)),
]
# the inventory: (question, answer, n)
ANSWERS = [
    Column(_("Fråga"), lambda row: row[0]),
    Column(_("Svar"), lambda row: row[1]),
    Column(_("Antal"), lambda row: row[2], numeric=True),
]
NETWORK = [
    Column(_("Slag"), lambda member: member.get_kind_display()),
    Column(_("Organisation"), "organisation"),
    Column(_("Kommun"), lambda member: member.municipality or _("Hela länet")),
    Column(_("Kontakt"), "contact_name"),
    Column(_("E-post"), "contact_email"),
    Column(_("Med sedan"), "since"),
]
PROJECTS = [
    Column(_("Projekt"), "name"),
    Column(_("Fas"), lambda project: project.get_phase_display()),
    Column(_("Från"), "start"),
    Column(_("Till och med"), "end"),
    Column(_("Beskrivning"), "description"),
    Column(_("Mål"), "goals"),
    Column(_("Finansiering"), "funding"),
    Column(_("Budget (kr)"), "budget"),
    Column(_("Parter"), lambda project: joined(project.partners.all())),
    Column(_("Metoder"), lambda project: joined(project.methods.all())),
    Column(
        _("Aktiviteter"),
        lambda project: joined(
            (
                f"{a.title} ({a.area_year.year.year}, {a.get_status_display()})"
                for a in project.activities.all()
            ),
            "; ",
        ),
    ),
]
METHODS = [
    Column(_("Metod"), "name"),
    Column(_("Målgrupp"), lambda method: joined(method.age_group_labels())),
    Column(_("Beskrivning"), "description"),
    Column(_("Har använts"), "where_used"),
    Column(_("I projekt"), lambda method: joined(method.projects.all())),
    Column(_("Länkar"), lambda method: joined((link.url for link in method.links.all()), " ")),
]
ARENAS = [
    Column(_("Skrivarena"), "title"),
    Column(_("Slag"), lambda arena: arena.get_kind_display()),
    Column(_("Datum"), "start"),
    Column(_("Till och med"), "end"),
    Column(_("Plats"), "place"),
    Column(_("Kommun"), "municipality"),
    Column(_("Arrangör"), "organiser"),
    Column(_("För"), lambda arena: joined(arena.age_group_labels())),
    *(  # participants per age group
        Column(label, lambda arena, i=i: participants(arena)[i], numeric=True)
        for i, label in enumerate(AgeGroup.labels)
    ),
]
# the events for adults who work with children: the page's table and its download
ADULTS = [
    Column(_("Datum"), lambda event: timezone.localdate(event.start)),
    Column(_("Tillfälle"), "title"),
    Column(_("Status"), lambda event: event.get_status_display()),
    Column(_("Typ"), lambda event: event.get_kind_display()),
    Column(_("Plats"), lambda event: event.place or _("Digitalt")),
    Column(_("Arrangör"), lambda event: event.organiser or _("Regional biblioteksverksamhet")),
    Column(_("Deltog"), "attended", numeric=True),
]


def question(caption):
    """The columns of one question's table on the inventory page: (answer, n)."""
    return [
        Column(caption, lambda row: row[0]),
        Column(_("Antal"), lambda row: row[1], numeric=True),
    ]
