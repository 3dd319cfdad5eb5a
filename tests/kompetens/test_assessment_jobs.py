"""The self-assessment import as a job of the queue: the upload stores the file and queues the
import; a job stopped midway leaves nothing, and its retry imports every sheet exactly once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetens import services
from kompetens.models import Answer, Response
from kompetens.tasks import import_answers

from ..builders import ASSESSMENT_HEADER, assessment_rows, make_round

DATA = (ASSESSMENT_HEADER + assessment_rows("Västerås", 6) + "Gotham;A;1;1;1;1;1\n").encode()


class Killed(BaseException):
    """The worker's process ends here (not an error the import catches)."""


def killed(*args, **kwargs):
    raise Killed


def test_upload_queues_the_import_and_the_page_follows_it(role_clients, region, vasteras, run_jobs):
    round = make_round(region)
    url = reverse("kompetens:round-import", args=[round.pk])
    response = role_clients["staff"].post(url, {"file": SimpleUploadedFile("svar.csv", DATA)})
    source = round.imports.get()
    assert response["Location"] == f"{url}?import={source.pk}"
    (job,) = run_jobs.queue.jobs.values()
    assert (job["task_name"], job["args"]) == (
        "kompetens.tasks.import_answers",
        {"source_id": source.pk},
    )
    page = role_clients["staff"].get(response["Location"]).text
    assert "svar.csv väntar på att importeras." in page and 'http-equiv="refresh"' in page
    assert not Response.objects.exists()

    run_jobs()
    page = role_clients["staff"].get(response["Location"]).text
    assert "6 svar importerades." in page and "Rad 8: Okänd kommun: ”Gotham”." in page
    assert "http-equiv" not in page
    assert round.responses.count() == 6


def test_a_job_stopped_midway_is_retried_with_every_sheet_once(region, vasteras, monkeypatch):
    round = make_round(region)
    source = services.upload_responses(round, SimpleUploadedFile("svar.csv", DATA))
    with monkeypatch.context() as patch, pytest.raises(Killed):
        patch.setattr(Answer.objects, "bulk_create", killed)
        import_answers(source_id=source.pk)  # after the sheets, before their answers
    source.refresh_from_db()
    assert source.finished is None and not Response.objects.exists()

    import_answers(source_id=source.pk)  # the queue's retry
    import_answers(source_id=source.pk)  # and once more after it was done: nothing
    source.refresh_from_db()
    assert source.finished and source.errors == [[8, "Okänd kommun: ”Gotham”."]]
    assert source.responses.count() == 6 and Answer.objects.count() == 6 * 5


def test_an_import_that_fails_with_an_error_ends_with_it_and_its_page_stops_waiting(
    role_clients, region, vasteras, run_jobs, monkeypatch
):
    round = make_round(region)
    url = reverse("kompetens:round-import", args=[round.pk])
    role_clients["staff"].post(url, {"file": SimpleUploadedFile("svar.csv", DATA)})
    source = round.imports.get()
    monkeypatch.setattr(services, "_sheets", lambda *args: 1 / 0)
    run_jobs()
    (job,) = run_jobs.queue.jobs.values()
    assert job["status"] == "failed" and job["attempts"] == 1
    source.refresh_from_db()
    assert source.finished and not Response.objects.exists()
    page = role_clients["staff"].get(f"{url}?import={source.pk}").text
    assert "Importen avbröts av ett fel. Ta bort importen och ladda upp filen igen." in page
    assert "http-equiv" not in page
