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

# The seed's figures (sections 4–5.1.3), each with the words the generated report states it in.
# The report's figures are computed from the records, so where the seed's own figures do not
# add up (4 + 2 + 4 plans of 9 answers), the report has the consistent count instead.
FIGURES = [
    ("fyra heltidstjänster 2019", "fyra heltidstjänster 2019"),
    (
        "Amelie Sarlin 100 % … Därefter 50%",
        "Amelie Sarlin 100 % 1 januari–31 januari; 50 % 1 oktober–31 december",
    ),
    ("Cajsa Broström 100%", "Cajsa Broström 100 %"),
    ("Karin Engström 100 %", "Karin Engström 100 %"),
    (
        "Helena Öberg Carlsson, från juni på 50% sedan från oktober på 75%",
        "Helena Öberg Carlsson 50 % (projektanställd) 1 juni–30 september; 75 % (projektanställd) 1 oktober–31 december",
    ),
    (
        "Melissa Molnstrand 100 % mellan april-september",
        "Melissa Molnstrand 100 % (projektanställd) 1 april–30 september",
    ),
    ("Christer Söderqvist 100 %", "Christer Söderqvist 100 %"),
    ("Timanställd vikarie, Aram Ismail", "Aram Ismail timanställning"),
    ("ska skrivas under av alla parter", "parter har skrivit under samverkansavtalet"),
    (
        "Koha har implementerats i alla tio kommunerna",
        "Koha är i drift i 10 av 10 kommuner; utbildning i 10",
    ),
    (
        "Katalogposter tillhandahålls nu genom deltagande i samarbetet kring Libris",
        "Libris är i drift i 10 av 10 kommuner",
    ),
    (
        "stöd från Kungliga biblioteket om sammanlagt 440 000 kr",
        "Bidrag från Kungliga biblioteket till ”Digitalt först – med användaren i fokus”: 440 000 kr",
    ),
    ("workshops i sex kommuner", "har hållits i 6 av 10 kommuner"),
    ("självskattningstest … under hösten 2018", "självskattningen Hösten 2018"),
    ("Fyra utbildningstillfällen", "4 utbildningstillfällen har genomförts"),
    (
        "Två halvdagarsfördjupningar i digital källkritik med Mikoteket",
        "halvdag ”Fördjupning i digital källkritik, del 2” (med Mikoteket)",
    ),
    (
        "Heldag om informationssökningsprocessen … Bibliotekshögskolan i Borås",
        "heldag ”Informationssökningsprocessen” (med Bibliotekshögskolan i Borås)",
    ),
    (
        "Heldag om digitalt först för barn och unga … Södermanland och Östergötland",
        "heldag ”Digitalt först för barn och unga” (med Regional biblioteksverksamhet Södermanland, Regional biblioteksverksamhet Östergötland)",
    ),
    ("alla kommuner utom Arboga svarat", "9 av 10 kommuner svarade (svarade inte: Arboga)"),
    ("Fyra av nio svarande kommuner har aktuella biblioteksplaner", "4 en gällande biblioteksplan"),
    ("två har biblioteksplaner som går ut 2019", "2 en plan som går ut inom tolv månader"),
    (
        "Två av nio svarande, Köping och Västerås, kommer att sakna giltig biblioteksplan 2020",
        "2 kommuner saknar giltig biblioteksplan under hela 2020: Köping och Västerås",
    ),
    (
        "två tillfällen för det nya forumet Träffpunkt biblioteksplaner",
        "två tillfällen för det nya forumet Träffpunkt biblioteksplaner",
    ),
]
