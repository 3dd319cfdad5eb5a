import json
from pathlib import Path

import pytest
from django.core.management import call_command

from biblioteksportal.followup.importers import import_kb, import_kolada
from biblioteksportal.followup.models import Statistic, StatisticImport
from biblioteksportal.models import Library, Municipality

FIXTURES = Path(__file__).parent / "fixtures"
KOLADA = (FIXTURES / "kolada.json").read_bytes()
KB = (FIXTURES / "kb.json").read_bytes()


@pytest.fixture
def municipalities(region, vasteras, koping):
    arboga = Municipality.objects.create(region=region, name="Arboga", code="1984")
    for letter in "ab":
        Library.objects.create(region=region, municipality=arboga, name=f"Bibliotek 1984{letter}")


def test_kolada_good_file_then_same_file_again(municipalities):
    log = import_kolada(KOLADA, "kolada.json")
    assert (log.added, log.changed, log.unchanged, log.errors) == (12, 0, 0, [])
    row = Statistic.objects.get(municipality__code="1980", year=2019, gender="T")
    assert row.value == pytest.approx(11.5) and row.series.code == "N07924"
    before = list(Statistic.objects.values_list("pk", "value", "modified"))
    again = import_kolada(KOLADA, "kolada.json")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 12)
    assert list(Statistic.objects.values_list("pk", "value", "modified")) == before


def test_kolada_changed_value_and_bad_entries(municipalities):
    import_kolada(KOLADA, "kolada.json")
    data = json.loads(KOLADA)
    data["values"][0]["values"][0]["value"] = 99
    data["values"][1]["municipality"] = "19800"
    data["values"][2]["period"] = 3019
    data["values"][3]["values"][0]["value"] = "många"
    data["values"].append(
        {
            "kpi": "N07924",
            "municipality": "0114",
            "period": 2019,
            "values": [{"gender": "T", "value": 1}],
        }
    )
    log = import_kolada(json.dumps(data).encode(), "changed.json")
    assert log.changed == 1 and log.added == 0
    assert [e["line"] for e in log.errors] == [2, 3, 4]
    assert Statistic.objects.get(municipality__code="1980", year=2018, gender="T").value == 99
    assert not Statistic.objects.filter(municipality__code="0114").exists()


def test_kb_sums_libraries_and_is_idempotent(municipalities):
    log = import_kb(KB, "kb.json")
    assert (log.added, log.changed, log.unchanged, log.errors) == (6, 0, 0, [])
    assert Statistic.objects.get(municipality__code="1983", year=2019).value == 202
    again = import_kb(KB, "kb.json")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 6)
    data = json.loads(KB)
    assert Statistic.objects.get(municipality__code="1984", year=2018).value == 200
    data["observations"][0]["Folk54"] = 150
    data["observations"][1]["library"].pop("municipality_code")
    log = import_kb(json.dumps(data).encode(), "kb2.json")
    assert log.changed == 1 and [e["line"] for e in log.errors] == [2]


@pytest.mark.parametrize("importer", [import_kolada, import_kb])
@pytest.mark.parametrize(
    "content", [b"{\x00}", '{"values": ["\xe5"]}'.encode("latin-1"), b"not json", b"[1]"]
)
def test_unreadable_files_store_nothing(municipalities, importer, content):
    log = importer(content, "bad.json")
    assert len(log.errors) == 1 and log.errors[0]["line"] == 0
    assert (log.added, log.changed, log.unchanged) == (0, 0, 0)
    assert not Statistic.objects.exists()


def test_management_commands(municipalities, capsys, tmp_path):
    call_command("import_kolada", str(FIXTURES / "kolada.json"))
    assert "added 12, changed 0, unchanged 0" in capsys.readouterr().out
    call_command("import_kb", str(FIXTURES / "kb.json"))
    assert "added 6" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"not json")
    with pytest.raises(SystemExit) as exit:
        call_command("import_kb", str(bad))
    assert exit.value.code == 1
    assert StatisticImport.objects.count() == 3


def test_admin_upload(municipalities, role_clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = "/admin/followup/statisticimport/importera/"
    staff = role_clients["staff"]
    assert staff.get(url).status_code == 200
    upload = SimpleUploadedFile("kolada.json", KOLADA)
    response = staff.post(url, {"source": "kolada", "file": upload}, follow=True)
    assert "12 tillagda, 0 ändrade, 0 oförändrade, 0 fel." in response.content.decode()
    assert Statistic.objects.count() == 12
    assert role_clients["head"].get(url).status_code in (302, 403)
    assert role_clients["head"].post(url, {"source": "kolada"}).status_code in (302, 403)
