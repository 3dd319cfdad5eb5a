"""Region Västmanland's 2019 annual report (shared/seed/verksamhetsberattelse-2019.txt) as data.

Reasons for absence in the source (sick leave, parental leave) are left out on purpose:
the portal stores capacity per period only, and an activity's reason says what stopped
the work (e.g. no staff capacity), never why a person was away.
"""

from datetime import date

REGION = {
    "code": "19",
    "name": "Region Västmanland",
    "slug": "vastmanland",
    "unit_name": "Regional biblioteksverksamhet, Kulturutveckling",
    "portal_name": "Bibliotek i Västmanland",
    "sender_name": "Bibliotek i Västmanland",
    "contact": "Region Västmanland, Regional biblioteksverksamhet\n721 89 Västerås",
    "signatory": "Eva Exempel (fiktiv), regionbibliotekarie",
}

# name, official code, main library
MUNICIPALITIES = [
    ("Skinnskatteberg", "1904", "Skinnskattebergs bibliotek"),
    ("Surahammar", "1907", "Surahammars folkbibliotek"),
    ("Kungsör", "1960", "Kungsörs bibliotek"),
    ("Hallstahammar", "1961", "Hallstahammars bibliotek"),
    ("Norberg", "1962", "Norbergs bibliotek"),
    ("Västerås", "1980", "Västerås stadsbibliotek"),
    ("Sala", "1981", "Sala stadsbibliotek"),
    ("Fagersta", "1982", "Fagersta stadsbibliotek"),
    ("Köping", "1983", "Köpings stadsbibliotek"),
    ("Arboga", "1984", "Arboga stadsbibliotek"),
]
HOSPITAL_LIBRARY = "Sjukhusbiblioteket"

# name, short name, kind
ORGANISATIONS = [
    ("Kungliga biblioteket", "KB", "national_agency"),
    ("Statens kulturråd", "Kulturrådet", "national_agency"),
    ("Sveriges Kommuner och Regioner", "SKR", "association"),
    ("Föreningen för regional biblioteksverksamhet", "FRB", "association"),
    ("Svensk biblioteksförening", "", "association"),
    ("Bibliotekshögskolan i Borås", "", "university"),
    ("Mikoteket", "", "other"),
    ("Svenska Kohanätverket", "", "association"),
    ("Regional biblioteksverksamhet Södermanland", "", "region"),
    ("Regional biblioteksverksamhet Östergötland", "", "region"),
    ("Kommunerna", "", "group"),
    ("Andra bibliotek i landet med systemet Koha", "", "group"),
    ("Andra kommuner i landet", "", "group"),
    ("Andra regioner som är intresserade av systemet Koha", "", "group"),
    ("Leverantörer", "", "supplier"),
    ("Regionala biblioteksverksamheter", "", "group"),
    ("Folkhögskolor", "", "group"),
    ("Studieförbund", "", "group"),
    ("Idrottsrörelsen", "", "group"),
    ("Kulturlivet", "", "group"),
    ("Skolan", "", "group"),
    ("Fritidsverksamheten", "", "group"),
]

INTRO_SECTIONS = [
    ("1", "Inledning", "All verksamhet ska utgå ifrån regionens vision och värdegrund."),
    (
        "1.1",
        "Vision: Livskraft för framtiden",
        "”Vi växer hållbart och sätter hälsan främst. Vi skapar möjligheter och modiga lösningar. "
        "Vi ger förutsättningar för utveckling i en levande demokrati. Tillsammans bryter vi ny mark "
        "och förflyttar gränser. I det vardagliga och i det övergripande. I det som är nära och det "
        "som är långsiktigt. Vi är mitt i livet och samhället, och gör skillnad varje dag. Vi är "
        "livskraft för framtiden. Vi är Västmanland.”",
    ),
    (
        "1.2",
        "Värdegrund",
        "”Region Västmanland ska alltid utgå från att alla människor är lika värda och ska bemötas "
        "med respekt. Alla människor ska ges förutsättningar för god livskvalitet. En viktig faktor "
        "för livskvalitet är samverkan mellan alla involverade parter. Regionen ska hushålla med de "
        "gemensamma resurserna och fördela dessa efter behov.”",
    ),
    (
        "2",
        "Förutsättningar",
        "Region Västmanland ska skapa förutsättningar för att invånarna i hela länet ska ges "
        "tillgång till ett rikt och varierat kulturutbud som präglas av mångfald, kvalitet och "
        "delaktighet.\n\n"
        "Samverkan är grundläggande för att kulturlivet ska utvecklas i länet, detta sker mellan "
        "regionen, kommunerna, civilsamhället och kulturskapare.\n\n"
        "Sedan 2012 har Västmanlands regionala kulturplan varit utgångspunkten för det "
        "kulturpolitiska arbetet i Västmanland.",
    ),
    (
        "2.1",
        "Nationella kulturpolitiska utgångspunkter",
        "Enligt riksdagsbeslut är inriktningen av kulturpolitiken (Prop. 2009/10:3. Tid för "
        "kultur. Regeringens proposition):\n\n"
        "”Kulturen ska vara en dynamisk, utmanande och obunden kraft med yttrandefriheten som "
        "grund. Alla ska ha möjlighet att delta i kulturlivet. Kreativitet, mångfald och "
        "konstnärlig kvalitet ska prägla samhällets utveckling.\n\n"
        "För att uppnå målen ska kulturpolitiken:\n"
        "– främja allas möjlighet till kulturupplevelser, bildning och till att utveckla sina "
        "skapande förmågor\n"
        "– främja kvalitet och konstnärlig förnyelse\n"
        "– främja ett levande kulturarv som bevaras, används och utvecklas\n"
        "– främja internationellt och interkulturellt utbyte och samverkan\n"
        "– särskilt uppmärksamma barns och ungas rätt till kultur.”",
    ),
    (
        "3",
        "Uppdrag",
        "Uppdraget för Kulturutveckling är att genom samverkan och förankring med kommuner och "
        "andra aktörer bidra till utveckling av kulturpolitiskt prioriterade områden utifrån den "
        "regionala kulturplanen.",
    ),
]

RESPONSIBILITIES = {
    "digital": "Digital biblioteksutveckling, kvalitetsarbete, biblioteket som mötesplats",
    "reading": "Läsfrämjande med prioritet barn och unga",
    "cooperation": "Bibliotekssamverkan med mål att skapa gemensamma system, riktlinjer för "
    "samarbete samt delade kompetenser",
    "literature": "Litteraturen som konstform",
    "digital_first": "Digitalt först",
    "assistant": "Biblioteksassistent",
}

# person, responsibility, employment, percent, start, end (capacity per period only)
STAFFING = [
    ("Amelie Sarlin", "digital", "permanent", 100, date(2019, 1, 1), date(2019, 1, 31)),
    ("Amelie Sarlin", "digital", "permanent", 50, date(2019, 10, 1), None),
    ("Cajsa Broström", "reading", "permanent", 100, date(2019, 1, 1), None),
    ("Karin Engström", "cooperation", "permanent", 100, date(2019, 1, 1), None),
    ("Helena Öberg Carlsson", "literature", "project", 50, date(2019, 6, 1), date(2019, 9, 30)),
    ("Helena Öberg Carlsson", "literature", "project", 75, date(2019, 10, 1), None),
    ("Melissa Molnstrand", "digital_first", "project", 100, date(2019, 4, 1), date(2019, 9, 30)),
    ("Christer Söderqvist", "assistant", "permanent", 100, date(2019, 1, 1), None),
    ("Aram Ismail", "assistant", "hourly", None, date(2019, 1, 1), date(2019, 12, 31)),
]

YEAR = 2019
STAFF_SUMMARY = (
    "Inom regional biblioteksverksamhet finns fyra heltidstjänster 2019. En vikarie har "
    "arbetat som biblioteksassistent under semestrar."
)
AREAS_INTRO = (
    "Den regionala biblioteksverksamheten stödjer folkbibliotekens verksamhetsutveckling och "
    "kvalitetsarbete för att skapa större likvärdighet mellan länets bibliotek. En stor del av "
    "den kvalitetshöjande metodutvecklingen sker i samverkan med andra regionala och nationella "
    "biblioteksverksamheter."
)

# Each area: app, name, the year's intro, partners, aims (the 5.1 list), sub-goals, activities
# (title, status, reason, responsible, sub-activities) and the outcome.
AREAS = [
    {
        "app": "samverkan",
        "name": "Bibliotekssamverkan",
        "responsible": ["Karin Engström"],
        # Koha was implemented in all ten municipalities (5.1.1's outcome).
        "all_municipalities": ["Implementera Koha med utbildning mm"],
        "intro": (
            "Sedan 2015 pågår ett samverkansprojekt, Bibliotek i Västmanland, mellan "
            "folkbiblioteken i alla kommunerna. Målet är att utveckla samverkan mellan "
            "kommunernas folkbiblioteksverksamhet i länet. Detta kopplar mot 11§ och 14§ i "
            "Bibliotekslagen. Syftet är att öka servicegraden och tillgängligheten till "
            "bibliotekstjänster i hela länet. Även sjukhusbiblioteket inom Region Västmanland "
            "ingår i delar av samarbetet.\n\n"
            "Projektets målområden omfattar upphandling av RFID, biblioteksdatasystem och "
            "webbplats, gemensamt mediebestånd, lånekort, transporter, databaser, "
            "kompetensöverföring samt marknadsföring."
        ),
        "partners": [
            "Kommunerna",
            "Andra bibliotek i landet med systemet Koha",
            "Andra kommuner i landet",
            "Andra regioner som är intresserade av systemet Koha",
            "Leverantörer",
        ],
        "aims": [
            "Upprätta ett samarbetsavtal mellan kommunerna i samverkan Bibliotek i Västmanland.",
            "Utveckla hållbara strukturer för flytande bestånd, att invånarna i länet kan låna "
            "och lämna medier vart de vill.",
            "Utveckla hållbara transporter mellan biblioteken i en gemensam mediesamverkan.",
            "Utveckla en struktur för gemensam kunskapsöverföring och erfarenhetsutbyte i "
            "Bibliotek i Västmanland.",
        ],
        "subgoals": [
            "Förvaltning och samarbetsavtal mellan kommunerna",
            "Hållbara strukturer för gemensamt mediebestånd",
            "Gemensamt biblioteksdatasystem",
            "Gemensam webbplats",
            "Gemensam kunskapsöverföring och erfarenhetsutbyte",
        ],
        "activities": [
            (
                "Sammanställa ett förslag med stöd av regionens kompetenser, förankra i kommunerna",
                "done",
                "",
            ),
            ("Ta fram förslag på hållbar struktur i arbetsgrupp medier", "done", ""),
            ("Undersöka transportbehov och eventuellt upphandla för detta", "ongoing", ""),
            ("Implementera Koha med utbildning mm", "done", ""),
            ("Libris", "done", ""),
            ("Studiebesök/användarmöten", "done", ""),
            ("Gemensamma låneregler o ersättningar", "done", ""),
            ("Upphandla leverantör av wordpresswebb", "done", ""),
            ("Grafisk profil", "done", ""),
            ("Plattform, Sharepoint (el annat)", "done", ""),
            ("Ordna kompetensdagar", "done", ""),
            ("Leda arbetsgrupper", "ongoing", ""),
        ],
        "outcome": (
            "Ett samverkansavtal mellan kommunerna och regionen för förvaltning av "
            "biblioteksdatasystem och webb finns framtaget och ska skrivas under av alla parter. "
            "Detta är framtaget i samarbete med alla bibliotekscheferna (=styrgrupp) samt kultur- "
            "och fritidscheferna. Dialog har inletts för samverkan med sjukhusbiblioteket.\n\n"
            "En arbetsgrupp för mediesamarbete har tagit fram riktlinjer för hur man ska "
            "samarbeta kring de numera gemensamma medierna, försök görs också att minska "
            "transporter av samma titlar som annars riskerar att skickas fram och tillbaka. "
            "Transporterna som alltjämt går med regionens transporter till vårdcentralerna ska "
            "utökas och även gå direkt till biblioteken – ”blod & böcker”.\n\n"
            "Biblioteksdatasystemet Koha har implementerats i alla tio kommunerna, utbildning har "
            "skett i varje kommun, med befintliga manualer och i vissa fall genom studiebesök hos "
            "andra. Flera från förvaltningsteamet samt några bibliotekschefer har deltagit i "
            "Svenska kohanätverkets användardagar. Bibliotek i Västmanland samverkar med andra "
            "kommuner kring utveckling av systemet. Katalogposter tillhandahålls nu genom "
            "deltagande i samarbetet kring Libris, en arbetsgrupp har bildats för detta och "
            "Västerås tillhandahåller stöd. De framtagna gemensamma lånereglerna samt "
            "ersättningsnivåerna har implementerats i samband med driftsättande av Koha.\n\n"
            "Regionen har skrivit avtal med webbyrå för utveckling av gemensam webbplats för "
            "Bibliotek i Västmanland genom avrop från upphandlat ramavtal. Webbplatsen utvecklas "
            "i två steg och kommer att omfatta en webbplats byggd i Wordpress där Koha (katalog "
            "och Mina sidor) och andra tjänster som till exempel e-böcker och strömmande film är "
            "integrerade.\n\n"
            "Grafisk profil för Bibliotek i Västmanland är framtagen och levererad. Den kommer att "
            "implementeras stegvis och olika mycket i de olika kommunerna, flera är på gång att "
            "beställa bibliotekskort med ny layout.\n\n"
            "Samarbetsprojektet är beroende av att kommunikation kan ske på bra sätt. Förutom "
            "mejl kan dialog ske via plattformen ”Slack” där all personal är välkommen att delta, "
            "för hantering av dokument används regionens verktyg Sharepoint.\n\n"
            "Bibliotekscheferna i styrgruppen har haft ett stort ansvar att föra vidare "
            "information, men även inom arbetsgrupperna har varje deltagarna haft ansvar för att "
            "kommunicera vidare det som sker till sina kollegor. Bibliotekscheferna har med hjälp "
            "av en kommunikationsbyrå genomgått gedigen utbildning i förändringskommunikation, "
            "något som varit behövligt, inte minst vid övergång till nytt "
            "biblioteksdatasystem."
        ),
    },
    {
        "app": "kompetens",
        "name": "Folkbibliotekens digitala utveckling",
        "responsible": ["Amelie Sarlin"],
        "intro": (
            "Den regionala biblioteksverksamheten är en viktig kunskapsnod för utvecklingen av "
            "folkbibliotekspersonalens digitala kompetens. För att uppfylla det behov av ökad "
            "digital kompetens som krävs av länets invånare samt för att skapa likvärdig "
            "biblioteksverksamhet är det viktigt att folkbibliotekspersonalen får möjligheter och "
            "resurser för en digital kunskapshöjning."
        ),
        "partners": [
            "Kommunerna",
            "Kungliga biblioteket",
            "Regionala biblioteksverksamheter",
            "Bibliotekshögskolan i Borås",
        ],
        "aims": ["Utveckla arbetet med bibliotekens digitala kompetens."],
        "subgoals": [
            "Ökad digital delaktighet hos länets invånare.",
            "Högre digital kompetens hos folkbibliotekspersonalen.",
            "Större integritet och säkerhet för folkbibliotekens användare.",
        ],
        "activities": [
            (
                "Anordna kompetensdagar kring digital kompetens om MIK för folkbibliotekspersonal.",
                "done",
                "",
            ),
            (
                "Anordna kompetensutveckling inom integritet och säkerhet för "
                "folkbibliotekspersonal.",
                "ongoing",
                "",
            ),
            (
                "Skapa ett nätverk/nätverksträffar inom digital utveckling för "
                "folkbibliotekspersonal.",
                "planned",
                "",
            ),
            (
                "Etablera Data detox kit som arbetsmetod inom integritet och säkerhet på "
                "folkbiblioteken.",
                "ongoing",
                "",
            ),
            (
                "Delta i Digitalt först – med användaren i fokus",
                "ongoing",
                "",
                [
                    (
                        "Delta i regionala arbetsgrupper",
                        "cancelled",
                        "Ingen personalkapacitet under året.",
                    ),
                    (
                        "Utföra workshops för folkbibliotekspersonal utifrån självskattningstestet om "
                        "digital kompetens",
                        "ongoing",
                        "",
                    ),
                    (
                        "Utföra utbildningar i lärplattformen Digiteket för folkbibliotekspersonal",
                        "postponed",
                        "IT-pedagogens tjänst upphörde i september 2019; en ny "
                        "IT-pedagog fortsätter arbetet 2020.",
                    ),
                    (
                        "Skapa ett ledarspår för bibliotekschefer inom digital transformation.",
                        "postponed",
                        "Ingen personalkapacitet under året; planeras till 2020, "
                        "eventuellt tillsammans med andra regioner.",
                    ),
                ],
            ),
        ],
        "outcome": (
            "Den nationella satsningen Digitalt först – med användaren i fokus fortsätter under "
            "2019 och 2020. Inom ramen för satsningen har Region Västmanland mottagit stöd från "
            "Kungliga biblioteket om sammanlagt 440 000 kr. Våren 2019 anställdes en IT-pedagog "
            "för att arbeta med satsningen. IT-pedagogen genomförde workshops i sex kommuner "
            "utifrån svaren på det självskattningstest som folkbibliotekspersonalen utförde under "
            "hösten 2018. IT-pedagogen avslutade sin tjänst i Region Västmanland i september 2019 "
            "och därför har workshops inte utförts i resterande kommuner/arbetslag. En ny "
            "IT-pedagog har anställts och kommer att fortsätta arbetet med workshops och "
            "utbildningar utifrån självskattningstestet och Digiteket under 2020.\n\n"
            "Det har inte funnits personalkapacitet att delta i regionala arbetsgrupper inom "
            "Digitalt först – med användaren i fokus. Plan finns för att kunna genomföra "
            "ledarskapsspår för bibliotekschefer under 2020, eventuellt tillsammans med andra "
            "regioner.\n\n"
            "Inom Digitalt först finns ett Data detox-spår där representanter från andra "
            "regionala biblioteksverksamheter arbetar med att göra en översättning av "
            "utställningen The Glass Room Experience som är kopplad till metoden Data detox kit. "
            "När översättningen är färdig kan utställningen tillsammans med Data detox kit att "
            "börja användas som arbetsmetod inom integritet och säkerhet på folkbiblioteken.\n\n"
            "Fyra utbildningstillfällen har genomförts inom området digital kompetens och MIK "
            "under året:\n"
            "– Två halvdagarsfördjupningar i digital källkritik med Mikoteket.\n"
            "– Heldag om informationssökningsprocessen i samarbete med Bibliotekshögskolan i "
            "Borås.\n"
            "– Heldag om digitalt först för barn och unga i Katrineholm tillsammans med de "
            "regionala biblioteksverksamheterna i Södermanland och Östergötland."
        ),
    },
    {
        "app": "biblioteksplaner",
        "name": "Folkbibliotekens kvalitetsarbete",
        "responsible": ["Amelie Sarlin"],
        "intro": "",
        "partners": ["Kommunerna", "Kungliga biblioteket", "Regionala biblioteksverksamheter"],
        "aims": [
            "Samordning av arbetet med uppföljningsbara lokala biblioteksplaner och löpande "
            "nationell samverkan kring kvalitetsarbete tillsammans med Kungliga biblioteket.",
        ],
        "subgoals": [
            "Samordna arbetet med uppföljningsbara kommunala biblioteksplaner.",
            "Samverka nationellt kring folkbibliotekens kvalitetsarbete och biblioteksplaner.",
            "Utveckla användningen av Design thinking för bibliotek som arbetsmetod på "
            "folkbiblioteken.",
        ],
        "activities": [
            ("Löpande uppföljning av kommunala biblioteksplaner.", "done", ""),
            ("Delta i och anordna regionalt deltagande i Träffpunkt biblioteksplaner.", "done", ""),
            ("Delta i Föreningen för regional biblioteksverksamhet (FRB).", "done", ""),
            (
                "Delta i Svensk biblioteksförenings expertnätverk för verksamhetsutveckling.",
                "done",
                "",
            ),
            (
                "Anordna fortbildning för folkbibliotekspersonal i Design thinking för bibliotek.",
                "postponed",
                "Ingen personalkapacitet under 2019; arbetet kan återupptas 2020.",
            ),
            ("Omvärldsbevaka området människocentrerad design.", "ongoing", ""),
        ],
        "outcome": (
            "Under hösten gjordes en enkät för att undersöka läget kring kommunernas "
            "biblioteksplaner som alla kommuner utom Arboga svarat på. Kommunerna är i väldigt "
            "olika faser i arbetet med biblioteksplanerna. Två av nio svarande, Köping och "
            "Västerås, kommer att sakna giltig biblioteksplan 2020. Det innebär bland annat "
            "svårigheter med att ansöka om medel från satsningen Stärkta bibliotek, som kräver "
            "aktuell biblioteksplan. Flera svarande efterlyser gemensamt arbete kring "
            "biblioteksplanerna inför nästa planperiod.\n\n"
            "Kungliga biblioteket har anordnat två tillfällen för det nya forumet Träffpunkt "
            "biblioteksplaner. Vid det första tillfället deltog intresserade från länet via "
            "webbsändning och vid det andra deltog representanter från Region Västmanland på "
            "plats i Stockholm. Under hösten har bibliotekscheferna informerats om Träffpunkt "
            "biblioteksplaner med förhoppningen att skapa större engagemang i länets kommuner "
            "inför 2020.\n\n"
            "Genom deltagande i FRB har den regionala biblioteksverksamheten deltagit i "
            "strategiskt arbete på nationell nivå och i kontakt med statliga aktörer såsom KB, "
            "Kulturrådet och SKR. Deltagande i Svensk biblioteksförenings expertnätverk för "
            "verksamhetsutveckling har gett kontakter med bland annat universitetsbibliotek och "
            "innehåll kring självorganiserande grupper och UX.\n\n"
            "Under 2019 har arbetet med fortbildning och workshops i Design thinking för "
            "bibliotek legat på is i brist på personalkapacitet. Möjligheter finns att arbeta "
            "vidare med att etablera metoden på folkbiblioteken under 2020."
        ),
    },
    {
        "app": "lasframjande",
        "name": "Läs- och litteraturfrämjande verksamhet",
        "responsible": ["Cajsa Broström"],
        "intro": (
            "Den regionala biblioteksverksamheten har i uppdrag att strategiskt arbeta med att "
            "stärka den läs- och litteraturfrämjande verksamheten i länet. Språket är en "
            "grundläggande rättighet för alla människor och viktigt för att kunna kommunicera, "
            "informera sig, vara delaktig i samhället och ta del av litteratur och kultur."
        ),
        "partners": [
            "Kommunerna",
            "Folkhögskolor",
            "Studieförbund",
            "Idrottsrörelsen",
            "Kulturlivet",
            "Skolan",
            "Fritidsverksamheten",
        ],
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
        "subgoals": [],
        "activities": [],
        "outcome": "",
    },
]

# The portal's accessibility statement (demo content, with DIGG's required parts)
ACCESSIBILITY_STATEMENT = {
    "public_body": "Region Västmanland",
    "service": "Bibliotek i Västmanland (biblioteksportalen)",
    "compliance": "partial",
    "method": "self",
    "assessed": date(2026, 10, 15),
    "prepared": date(2026, 10, 20),
    "reviewed": date(2026, 11, 20),
    "feedback_email": "tillganglighet@example.se",
    "response_days": 5,
}
ACCESSIBILITY_SHORTCOMINGS = [
    {
        "reason": "non_compliance",
        "description": "Diagrammen på länsöversikten och kommunsidorna har etiketter i fast storlek som kan överlappa varandra när texten förstoras till 200 procent.",
        "criteria": "1.4.4",
        "explanation": "Diagrammen ritas som bilder i SVG med fast textstorlek. Samma uppgifter finns i tabellen under varje diagram.",
        "fix_by": date(2027, 3, 31),
    },
    {
        "reason": "out_of_scope",
        "description": "Biblioteksplaner i registret som kommunerna själva har tagit fram kan sakna rubrikstruktur och alternativtexter.",
        "criteria": "1.1.1, 1.3.1",
        "explanation": "Planerna är kommunernas egna beslutsdokument, som regionen varken tar fram eller bekostar. Kontakta kommunen för att få planen i ett tillgängligt format.",
    },
]

# Follow-up in tertials: T1, T2 and the year, with their last days to report.
ROUNDS = [
    ("tertial", 1, date(2019, 5, 15)),
    ("tertial", 2, date(2019, 9, 15)),
    ("year", 1, date(2020, 1, 31)),
]

# Indicators that the report's own figures fill: {round: value} for the targets and the
# outcomes (the region's own values); the year's outcomes are the report's, T1 and T2 what
# the year's course gives (the IT pedagogue's workshops ended in September).
INDICATORS = [
    {
        "app": "samverkan",
        "key": "heltidstjanster",
        "name": "Heltidstjänster i regional biblioteksverksamhet",
        "unit": "st",
        "targets": {"T1": 4, "T2": 4, "year": 4},
        "values": {"T1": 4, "T2": 4, "year": 4},
        "comment": "Fyra heltidstjänster under 2019, en vikarie under semestrarna.",
    },
    {
        "app": "samverkan",
        "key": "kommuner-med-koha",
        "name": "Kommuner i det gemensamma bibliotekssystemet Koha",
        "unit": "st",
        "targets": {"T1": 10, "T2": 10, "year": 10},
        "values": {"T1": 10, "T2": 10, "year": 10},
        "comment": "Alla tio kommuner använder Koha (katalog och Mina sidor).",
    },
    {
        "app": "kompetens",
        "key": "medel-fran-kb",
        "name": "Beviljade medel från Kungliga biblioteket",
        "unit": "kr",
        "targets": {"year": 400000},
        "values": {"T1": 440000, "T2": 440000, "year": 440000},
        "comment": "Stöd inom Digitalt först – med användaren i fokus, sammanlagt 440 000 kr.",
    },
    {
        "app": "kompetens",
        "key": "kommuner-med-workshoppar",
        "name": "Kommuner där workshoppar utifrån självskattningstestet har hållits",
        "unit": "st",
        "targets": {"T1": 3, "T2": 8, "year": 10},
        "values": {"T1": 2, "T2": 6, "year": 6},
        "comment": "Workshoppar i sex kommuner; IT-pedagogen slutade i september och de "
        "återstående kommunerna fortsätter med en ny IT-pedagog.",
    },
    {
        "app": "biblioteksplaner",
        "key": "kommuner-som-svarat",
        "name": "Kommuner som besvarat enkäten om biblioteksplaner",
        "unit": "st",
        "targets": {"year": 10},
        "values": {"year": 9},
        "comment": "Nio av tio kommuner besvarade höstens enkät.",
    },
    {
        "app": "biblioteksplaner",
        "key": "svarande-utan-giltig-plan-2020",
        "name": "Svarande kommuner utan giltig biblioteksplan 2020",
        "unit": "st",
        "direction": "lower",
        "targets": {"year": 0},
        "values": {"year": 2},
        "comment": "Två av nio svarande kommuner, bland dem Västerås, saknar giltig plan 2020.",
    },
]
