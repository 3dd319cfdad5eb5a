"""Expected data, copied by hand from shared/seed/verksamhetsberattelse-2019.txt.

Kept apart from the demo loader (biblioteksportal/demo/seed2019.py) on purpose: tests compare
what the portal shows with the source document, not with the loader's own data.
"""

AREAS = {
    "Bibliotekssamverkan": {
        "aims": [
            "Upprätta ett samarbetsavtal mellan kommunerna i samverkan Bibliotek i Västmanland.",
            "Utveckla hållbara strukturer för flytande bestånd, att invånarna i länet kan låna "
            "och lämna medier vart de vill.",
            "Utveckla hållbara transporter mellan biblioteken i en gemensam mediesamverkan.",
            "Utveckla en struktur för gemensam kunskapsöverföring och erfarenhetsutbyte i "
            "Bibliotek i Västmanland.",
        ],
        "partners": [
            "Kommunerna",
            "Andra bibliotek i landet med systemet Koha",
            "Andra kommuner i landet",
            "Andra regioner som är intresserade av systemet Koha",
            "Leverantörer",
        ],
        "subgoals": [
            "Förvaltning och samarbetsavtal mellan kommunerna",
            "Hållbara strukturer för gemensamt mediebestånd",
            "Gemensamt biblioteksdatasystem",
            "Gemensam webbplats",
            "Gemensam kunskapsöverföring och erfarenhetsutbyte",
        ],
        "activities": [
            "Sammanställa ett förslag med stöd av regionens kompetenser, förankra i kommunerna",
            "Ta fram förslag på hållbar struktur i arbetsgrupp medier",
            "Undersöka transportbehov och eventuellt upphandla för detta",
            "Implementera Koha med utbildning mm",
            "Libris",
            "Studiebesök/användarmöten",
            "Gemensamma låneregler o ersättningar",
            "Upphandla leverantör av wordpresswebb",
            "Grafisk profil",
            "Plattform, Sharepoint (el annat)",
            "Ordna kompetensdagar",
            "Leda arbetsgrupper",
        ],
    },
    "Folkbibliotekens digitala utveckling": {
        "aims": ["Utveckla arbetet med bibliotekens digitala kompetens."],
        "partners": [
            "Kommunerna",
            "Kungliga biblioteket",
            "Regionala biblioteksverksamheter",
            "Bibliotekshögskolan i Borås",
        ],
        "subgoals": [
            "Ökad digital delaktighet hos länets invånare.",
            "Högre digital kompetens hos folkbibliotekspersonalen.",
            "Större integritet och säkerhet för folkbibliotekens användare.",
        ],
        "activities": [
            "Anordna kompetensdagar kring digital kompetens om MIK för folkbibliotekspersonal.",
            "Anordna kompetensutveckling inom integritet och säkerhet för folkbibliotekspersonal.",
            "Skapa ett nätverk/nätverksträffar inom digital utveckling för folkbibliotekspersonal.",
            "Etablera Data detox kit som arbetsmetod inom integritet och säkerhet på "
            "folkbiblioteken.",
            "Delta i Digitalt först – med användaren i fokus",
            "Delta i regionala arbetsgrupper",
            "Utföra workshops för folkbibliotekspersonal utifrån självskattningstestet om "
            "digital kompetens",
            "Utföra utbildningar i lärplattformen Digiteket för folkbibliotekspersonal",
            "Skapa ett ledarspår för bibliotekschefer inom digital transformation.",
        ],
    },
    "Folkbibliotekens kvalitetsarbete": {
        "aims": [
            "Samordning av arbetet med uppföljningsbara lokala biblioteksplaner och löpande "
            "nationell samverkan kring kvalitetsarbete tillsammans med Kungliga biblioteket.",
        ],
        "partners": ["Kommunerna", "Kungliga biblioteket", "Regionala biblioteksverksamheter"],
        "subgoals": [
            "Samordna arbetet med uppföljningsbara kommunala biblioteksplaner.",
            "Samverka nationellt kring folkbibliotekens kvalitetsarbete och biblioteksplaner.",
            "Utveckla användningen av Design thinking för bibliotek som arbetsmetod på "
            "folkbiblioteken.",
        ],
        "activities": [
            "Löpande uppföljning av kommunala biblioteksplaner.",
            "Delta i och anordna regionalt deltagande i Träffpunkt biblioteksplaner.",
            "Delta i Föreningen för regional biblioteksverksamhet (FRB).",
            "Delta i Svensk biblioteksförenings expertnätverk för verksamhetsutveckling.",
            "Anordna fortbildning för folkbibliotekspersonal i Design thinking för bibliotek.",
            "Omvärldsbevaka området människocentrerad design.",
        ],
    },
    "Läs- och litteraturfrämjande verksamhet": {
        "aims": [
            "Utveckla nätverket för samverkan inom läsfrämjande mellan regionen, kommunerna, "
            "folkhögskolor, studieförbund, idrottsrörelse, kultur, skola och fritid.",
            "Utveckla stöd till nya modeller och metoder för läs- och litteraturfrämjande "
            "verksamhet.",
            "Utveckla samarbete inom Språkfrö Västmanland för att på sikt etablera ett projekt.",
            "Utveckla verksamhet med inspiration och kompetensutveckling till de vuxna som möter "
            "och arbetar med barn och unga.",
            "Genomföra en kartläggning och inventering av litterära aktörers förutsättningar i "
            "Västmanland.",
            "Arenor för eget skapande/skrivande för barn och unga.",
        ],
        "partners": [],
        "subgoals": [],
        "activities": [],
    },
}

# Activities whose status the outcome text settles (not done, and why).
NOT_DONE = {
    "Anordna fortbildning för folkbibliotekspersonal i Design thinking för bibliotek.": "postponed",
    "Skapa ett ledarspår för bibliotekschefer inom digital transformation.": "postponed",
    "Utföra utbildningar i lärplattformen Digiteket för folkbibliotekspersonal": "postponed",
    "Delta i regionala arbetsgrupper": "cancelled",
}

MUNICIPALITY_CODES = {
    "Skinnskatteberg": "1904",
    "Surahammar": "1907",
    "Kungsör": "1960",
    "Hallstahammar": "1961",
    "Norberg": "1962",
    "Västerås": "1980",
    "Sala": "1981",
    "Fagersta": "1982",
    "Köping": "1983",
    "Arboga": "1984",
}
