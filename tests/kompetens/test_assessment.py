"""The self-assessment: CSV import with errors by line, results with small groups hidden on
every page and export, comparison between rounds, workshop themes and coverage."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biblioteksportal.models import Municipality
from kompetens.choices import DigComp
from kompetens.models import AssessmentRound, Response, Workshop

from ..builders import ASSESSMENT_HEADER, assessment_rows, import_sheets, make_event, make_round
from ..conftest import READERS, assert_queries_constant, download_statuses, downloads, login

AREAS = list(DigComp)


@pytest.fixture
def round(region, vasteras, koping):
    round = make_round(region)
    data = ASSESSMENT_HEADER + assessment_rows("Västerås", 6) + assessment_rows("Köping", 4)
    assert import_sheets(round, data.encode()) == (10, [])
    return round


def import_file(client, round, name, data, run_jobs):
    """Upload through the page; a worker runs the import, and the page it goes on to shows the
    result (or, for a refused file, the form)."""
    url = reverse("kompetens:round-import", args=[round.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, data.encode())})
    if response.status_code != 302:
        return response
    run_jobs()
    return client.get(response["Location"])


def test_import_keeps_good_rows_and_lists_bad_ones_by_line(region, vasteras):
    round = make_round(region)
    data = (
        ASSESSMENT_HEADER.encode()
        + "Västerås;A;1;2;3;4;5\n".encode()
        + "Västerås;A;1;8;3;0;5\n".encode()
        + b"Gotham;A;1;2;3;4;5\n"
        + "Västerås;A;1;2\n".encode()
        + "Västerås;Bokbussen Ö;1;2;3;4;5\n".encode("latin-1")
        + b"1980;B;7;7;7;7;x\n"
        + b"1980;B;7;7;7;7;7\n"
        + b"1980;B;7;7;\x00;7;7\n"
    )
    imported, errors = import_sheets(round, data)
    assert imported == 2
    assert errors == [
        (3, "Värden utanför skalan 1–7: P2 (”8”), P4 (”0”)."),
        (4, "Okänd kommun: ”Gotham”."),
        (5, "Raden har för få kolumner."),
        (6, "Raden är inte UTF-8-kodad. Spara filen som CSV UTF-8."),
        (7, "Värden utanför skalan 1–7: P5 (”x”)."),
        (9, "Raden innehåller ett otillåtet tecken (NUL)."),
    ]
    assert list(Response.objects.values_list("municipality__name", "team")) == [
        ("Västerås", "A"),
        ("Västerås", "B"),
    ]
    assert sorted(Response.objects.last().answers.values_list("value", flat=True)) == [7] * 5


def test_import_reports_overlong_cells_and_nul_by_line_and_keeps_good_rows(
    role_clients, region, vasteras, run_jobs
):
    round = make_round(region)
    data = (
        ASSESSMENT_HEADER
        + "Västerås;A;1;2;3;4;5\n"
        + f"Västerås;{'x' * 140_000};1;2;3;4;5\n"  # longer than the csv module's field limit
        + f"Västerås;{'y' * 201};1;2;3;4;5\n"  # longer than a team's 200 characters
        + "Västerås;A\x00;1;2;3;4;5\n"
        + "Västerås;B;1;2;3;4;5\n"
    )
    response = import_file(role_clients["staff"], round, "s.csv", data, run_jobs)
    assert response.status_code == 200
    page = response.text
    assert "2 svar importerades." in page
    for line, message in [
        (3, "Raden kan inte läsas som CSV, t.ex. för att ett värde är för långt."),
        (4, "Arbetslaget får vara högst 200 tecken."),
        (5, "Raden innehåller ett otillåtet tecken (NUL)."),
    ]:
        assert f"Rad {line}: {message}" in page
    assert sorted(Response.objects.values_list("team", flat=True)) == ["A", "B"]
    header = f"kommun;arbetslag;{'P' * 140_000};P1;P2;P3;P4;P5\nVästerås;A;1;2;3;4;5\n"
    assert import_sheets(round, header.encode()) == (
        0,
        [(1, "Raden kan inte läsas som CSV, t.ex. för att ett värde är för långt.")],
    )


def test_blank_cell_is_a_missing_value_not_outside_the_scale(region, vasteras):
    round = make_round(region)
    data = ASSESSMENT_HEADER + "Västerås;A;1;;3; ;5\nVästerås;A;;9;3;4;5\nVästerås;A;1;2;3;4;5\n"
    assert import_sheets(round, data.encode()) == (
        1,
        [
            (2, "Värde saknas: P2, P4."),
            (3, "Värde saknas: P1. Värden utanför skalan 1–7: P2 (”9”)."),
        ],
    )


def test_same_file_twice_is_refused_naming_the_earlier_import(
    role_clients, region, vasteras, koping, run_jobs
):
    round = make_round(region)
    data = ASSESSMENT_HEADER + assessment_rows("Västerås", 4) + assessment_rows("Köping", 12)
    staff = role_clients["staff"]
    assert "16 svar importerades." in import_file(staff, round, "svar.csv", data, run_jobs).text
    page = import_file(staff, round, "svar-igen.csv", data, run_jobs).text
    assert "Filen är redan importerad till omgången: svar.csv (" in page
    assert "16 svar. Ta bort den importen först" in page and "svar importerades" not in page
    assert round.responses.count() == 16
    # Västerås' four answers stay under the threshold of five: hidden in every area
    results = role_clients["head"].get(reverse("kompetens:round", args=[round.pk])).text
    assert results.count("Färre än 5 svar") == len(AREAS)


def test_same_rows_in_a_later_file_are_not_counted_twice(region, vasteras, koping):
    round = make_round(region)
    first = ASSESSMENT_HEADER + assessment_rows("Västerås", 3) + assessment_rows("Köping", 4)
    assert import_sheets(round, first.encode(), name="v1.csv") == (7, [])
    # a later export of the survey: the same seven sheets, then two more
    later = (
        first
        + assessment_rows("Västerås", 2)
        + assessment_rows("Köping", 1, values=(1, 1, 1, 1, 1))
    )
    imported, errors = import_sheets(round, later.encode(), name="v2.csv")
    assert imported == 3
    earlier = round.imports.get(file_name="v1.csv")
    assert errors == [
        (line, f"Samma svar finns redan i importen {earlier}.") for line in range(2, 9)
    ]
    assert round.responses.count() == 10
    assert round.responses.filter(municipality=koping).count() == 5
    assert round.imports.get(file_name="v2.csv").responses.count() == 3


def test_staff_see_each_import_and_undo_one(role_clients, region, vasteras, run_jobs):
    round = make_round(region)
    staff = role_clients["staff"]
    import_file(
        staff, round, "hosten.csv", ASSESSMENT_HEADER + assessment_rows("Västerås", 6), run_jobs
    )
    import_file(
        staff,
        round,
        "efteranmalda.csv",
        ASSESSMENT_HEADER + assessment_rows("Västerås", 2, team="B"),
        run_jobs,
    )
    url = reverse("kompetens:round-import", args=[round.pk])
    page = staff.get(url).text
    assert "hosten.csv" in page and "efteranmalda.csv" in page
    assert '<td class="num">6</td>' in page and '<td class="num">2</td>' in page
    late = round.imports.get(file_name="efteranmalda.csv")
    response = staff.post(url, {"undo": late.pk}, follow=True)
    assert "Importen efteranmalda.csv (" in response.text
    assert "är borttagen med sina 2 svar." in response.text
    assert list(round.responses.values_list("team", flat=True)) == ["A"] * 6
    assert list(round.imports.values_list("file_name", flat=True)) == ["hosten.csv"]
    assert staff.post(url, {"undo": "x"}).status_code == 404
    assert role_clients["head"].post(url, {"undo": round.imports.get().pk}).status_code == 403
    # the undone file can be imported again
    page = import_file(
        staff,
        round,
        "efteranmalda.csv",
        ASSESSMENT_HEADER + assessment_rows("Västerås", 2, team="B"),
        run_jobs,
    )
    assert "2 svar importerades." in page.text


def test_import_with_missing_columns_or_other_encoding_imports_nothing(region, vasteras):
    round = make_round(region)
    assert import_sheets(round, b"kommun;P1;P2\nV\xe4ster\xe5s;1;2\n") == (
        0,
        [(1, "Kolumner saknas: arbetslag, p3, p4, p5.")],
    )
    # a header not in UTF-8 above rows that are: neither encoding reads the whole file
    header = "kommun;arbetslag;P1;P2;P3;P4;P5;Kommentär\n".encode("cp1252")
    assert import_sheets(round, header + "Västerås;A;1;2;3;4;5;ö\n".encode()) == (
        0,
        [(1, "Filen är inte sparad som UTF-8. Spara den som CSV UTF-8.")],
    )
    assert import_sheets(round, b"") == (0, [(None, "Filen är tom.")])
    assert import_sheets(round, b"%PDF-1.7\x00\x01") == (
        0,
        [(1, "Kolumner saknas: kommun, arbetslag, p1, p2, p3, p4, p5.")],
    )
    assert not Response.objects.exists()


def test_file_saved_by_excel_in_windows_1252_is_read(region, vasteras):
    round = make_round(region)
    data = "kommun;arbetslag;P1;P2;P3;P4;P5;Kommentär\nVästerås;Bokbussen Ö;1;2;3;4;5;–\n"
    assert import_sheets(round, data.encode("cp1252")) == (1, [])
    assert list(Response.objects.values_list("municipality__name", "team")) == [
        ("Västerås", "Bokbussen Ö")
    ]


def test_import_page_is_for_regional_staff(role_clients, region, vasteras, run_jobs):
    round = make_round(region)
    url = reverse("kompetens:round-import", args=[round.pk])
    assert role_clients["anonymous"].get(url).status_code == 302
    for role in ("reporter", "head"):
        assert role_clients[role].get(url).status_code == 403
    data = ASSESSMENT_HEADER + assessment_rows("Västerås", 2) + "Gotham;A;1;1;1;1;1\n"
    page = import_file(role_clients["staff"], round, "svar.csv", data, run_jobs).text
    assert "2 svar importerades." in page and "Rad 4" in page and "Okänd kommun" in page
    page = role_clients["staff"].post(url, {}).text
    assert "Detta fält måste fyllas i." in page


def test_results_hide_groups_below_five_everywhere(role_clients, round):
    url = reverse("kompetens:round", args=[round.pk])
    assert role_clients["reporter"].get(url).status_code == 403
    for role in ("head", "staff"):
        page = role_clients[role].get(url).text
        assert "Färre än 5 svar" in page
        assert page.count("Färre än 5 svar") == len(AREAS)  # Köping's five areas
        assert "4,00" in page and "2,00" in page  # Västerås' means
        chart = page.split('<figure class="chart"')[1].split("</figure>")[0]
        assert "Länets medelvärde per DigComp-område (skala 1–7)" in chart
        assert '<th scope="row">Säkerhet</th><td>2,00</td>' in chart  # the county's 2.00
        assert '<text class="value"' in chart and ">2,00</text>" in chart
    export = role_clients["head"].get(reverse("kompetens:round-export", args=[round.pk]))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Kommun;Område;Medelvärde;Spridning;Antal svar"
    koping = [line for line in lines if line.startswith("Köping")]
    assert koping and all(line.endswith(";;;färre än 5") for line in koping)
    assert "Västerås;Säkerhet;2,00;0,00;6" in lines
    # the county is computed from shown municipalities only: Köping's answers are left out
    assert "Länet;Informations- och datakompetens;4,00;0,00;6" in lines


def test_statements_grouped_by_area_with_county_means(client, round, head_user):
    login(client, head_user)
    page = client.get(reverse("kompetens:round", args=[round.pk])).text
    section = page.split("Påståenden per område")[1]
    assert section.index("Informations- och datakompetens") < section.index("Påstående 1")
    assert section.index("Säkerhet") < section.index("Påstående 4")
    assert '<td>Påstående 4</td><td class="num">2,00</td>' in section


def test_weakest_areas_suggested(client, round, head_user):
    login(client, head_user)
    page = client.get(reverse("kompetens:round", args=[round.pk])).text
    assert "Västerås: Säkerhet, Problemlösning" in page
    assert "Köping:" not in page


def test_comparison_between_rounds(role_clients, region, round):
    later = make_round(region, name="Hösten 2020", held=date(2020, 11, 1))
    data = (
        ASSESSMENT_HEADER
        + assessment_rows("Västerås", 5, values=(5, 5, 5, 5, 5))
        + assessment_rows("Köping", 9)
    )
    import_sheets(later, data.encode())
    url = reverse("kompetens:compare") + f"?before={round.pk}&after={later.pk}"
    assert role_clients["reporter"].get(url).status_code == 403
    page = role_clients["head"].get(url).text
    assert "4,00 → 5,00 (1,00)" in page and "2,00 → 5,00 (3,00)" in page
    assert page.count("visas inte") >= len(AREAS)
    same = reverse("kompetens:compare") + f"?before={round.pk}&after={round.pk}"
    assert "Välj två olika omgångar." in role_clients["head"].get(same).text


def test_workshop_coverage(role_clients, region, round):
    for code in range(10):
        Municipality.objects.get_or_create(
            region=region, code=f"19{code:02d}", defaults={"name": f"Kommun {code}"}
        )
    event = make_event(region, days=-3, title="Workshop Västerås")
    Workshop.objects.create(
        round=round,
        municipality=Municipality.objects.get(name="Västerås"),
        event=event,
        themes=[DigComp.SAFETY],
    )
    url = reverse("kompetens:workshops", args=[round.pk])
    assert role_clients["reporter"].get(url).status_code == 403
    page = role_clients["head"].get(url).text
    assert "Workshoppar har hållits i 1 av 12 kommuner." in page
    assert "Workshop Västerås" in page and "Säkerhet" in page
    waiting = page.split("Väntar på workshop")[1]
    assert "Köping" in waiting and "Västerås" not in waiting


def test_round_list(role_clients, round):
    url = reverse("kompetens:rounds")
    assert role_clients["reporter"].get(url).status_code == 403
    page = role_clients["staff"].get(url).text
    assert "Hösten 2018" in page and "Importera svar" in page
    assert "Importera svar" not in role_clients["head"].get(url).text


def test_query_counts(role_clients, region, round):
    def grow():
        team = f"T{Response.objects.count()}"  # new sheets, never the same as earlier ones
        import_sheets(
            round,
            (
                ASSESSMENT_HEADER
                + assessment_rows("Västerås", 10, team=team)
                + assessment_rows("Köping", 10, team=team)
            ).encode(),
        )
        other = make_round(region, name=f"Omgång {AssessmentRound.objects.count()}")
        import_sheets(other, (ASSESSMENT_HEADER + assessment_rows("Köping", 10)).encode())

    later = make_round(region, name="Våren 2019")  # two rounds: the comparison form is shown
    head = role_clients["head"]
    compare = reverse("kompetens:compare") + f"?before={round.pk}&after={later.pk}"
    urls = {
        reverse("kompetens:rounds"): 5,
        reverse("kompetens:round", args=[round.pk]): 7,
        reverse("kompetens:round-export", args=[round.pk]): 5,
        reverse("kompetens:workshops", args=[round.pk]): 5,
        compare: 9,
        # the downloads: the pages' counts, less the queries of the comparison form's choices
        reverse("kompetens:rounds") + "?format=csv": 3,
        reverse("kompetens:round", args=[round.pk]) + "?format=xlsx": 7,
        reverse("kompetens:workshops", args=[round.pk]) + "?format=csv": 5,
        compare + "&format=csv": 7,
    }
    assert {u: assert_queries_constant(head, u, grow) for u in urls} == urls
    imports = reverse("kompetens:round-import", args=[round.pk])
    assert assert_queries_constant(role_clients["staff"], imports, grow) == 6


def test_reader_pages_per_role(role_clients, region, round):
    later = make_round(region, name="Hösten 2020", held=date(2020, 11, 1))
    urls = [
        reverse("kompetens:rounds"),
        reverse("kompetens:round", args=[round.pk]),
        reverse("kompetens:round-export", args=[round.pk]),
        reverse("kompetens:compare") + f"?before={round.pk}&after={later.pk}",
        reverse("kompetens:workshops", args=[round.pk]),
    ]
    for url in urls:
        response = role_clients["anonymous"].get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url
        assert role_clients["reporter"].get(url).status_code == 403, url
        for role in ("head", "staff"):
            assert role_clients[role].get(url).status_code == 200, (role, url)


def test_results_download_hides_groups_below_five_like_the_export(role_clients, round):
    url = reverse("kompetens:round", args=[round.pk])
    assert download_statuses(role_clients, url) == READERS
    rows = downloads(role_clients["head"], url)
    assert rows[0] == ["Kommun", "Område", "Medelvärde", "Spridning", "Antal svar"]
    koping = [row for row in rows if row[0] == "Köping"]
    assert len(koping) == len(AREAS) and all(row[2:] == ["", "", "färre än 5"] for row in koping)
    assert ["Västerås", "Säkerhet", "2.0", "0.0", "6"] in rows
    # the county from the shown municipalities only: Köping's answers are left out
    assert ["Länet", "Informations- och datakompetens", "4.0", "0.0", "6"] in rows
    export = role_clients["head"].get(reverse("kompetens:round-export", args=[round.pk]))
    lines = export.content.decode("utf-8-sig").splitlines()
    assert len(lines) == len(rows)  # the same rows as the dedicated CSV export


def test_round_list_compare_and_workshops_download(role_clients, region, round):
    later = make_round(region, name="Hösten 2020", held=date(2020, 11, 1))
    data = (
        ASSESSMENT_HEADER
        + assessment_rows("Västerås", 5, values=(5, 5, 5, 5, 5))
        + assessment_rows("Köping", 9)
    )
    import_sheets(later, data.encode())
    Workshop.objects.create(
        round=round,
        municipality=Municipality.objects.get(name="Västerås"),
        event=make_event(region, days=-3, title="Workshop Västerås"),
        themes=[DigComp.SAFETY],
    )
    rounds = reverse("kompetens:rounds")
    compare = reverse("kompetens:compare") + f"?before={round.pk}&after={later.pk}"
    workshops = reverse("kompetens:workshops", args=[round.pk])
    for url in (rounds, compare, workshops):
        assert download_statuses(role_clients, url) == READERS, url
    assert downloads(role_clients["head"], rounds) == [
        ["Omgång", "Genomförd", "Antal svar", "Workshoppar (kommuner)"],
        ["Hösten 2018", "2018-11-15", "10", "1"],
        ["Hösten 2020", "2020-11-01", "14", "0"],
    ]
    rows = downloads(role_clients["head"], compare)
    assert rows[0] == ["Kommun", "Område", "Före", "Efter", "Förändring"]
    assert ["Västerås", "Säkerhet", "2.0", "5.0", "3.0"] in rows
    # Köping had four answers in the first round: no means, as on the page
    assert ["Köping", "Säkerhet", "visas inte", "", ""] in rows
    assert len(rows) == 1 + 2 * len(AREAS)
    assert downloads(role_clients["head"], workshops) == [
        ["Kommun", "Har haft workshop", "Utbildningstillfälle", "Teman"],
        ["Västerås", "Ja", str(Workshop.objects.get().event), "Säkerhet"],
        ["Köping", "Nej", "", ""],
    ]
