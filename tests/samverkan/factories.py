"""Builders for the samverkan tests: libraries with Koha codes, and Koha CSV exports."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from biblioteksportal.models import Library
from samverkan.generate import generate
from samverkan.koha import run_import
from samverkan.models import BranchCode, TransferImport

HEADER = (
    "branchtransfer_id,itemnumber,biblionumber,title,daterequested,datesent,frombranch,"
    "datearrived,datecancelled,tobranch,comments,reason"
)


def make_libraries(region, vasteras, koping):
    """Two main libraries and the hospital library, mapped to Koha codes VAS, KOP, SJH."""
    libraries = {
        "VAS": Library.objects.create(
            region=region, municipality=vasteras, name="Västerås stadsbibliotek", kind="main"
        ),
        "KOP": Library.objects.create(
            region=region, municipality=koping, name="Köpings stadsbibliotek", kind="main"
        ),
        "SJH": Library.objects.create(region=region, name="Sjukhusbiblioteket", kind="hospital"),
    }
    for code, library in libraries.items():
        BranchCode.objects.create(region=region, code=code, library=library)
    return libraries


def csv_bytes(lines, encoding="utf-8", header=HEADER, delimiter=","):
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
    out = io.StringIO()
    generate(out, list(codes), rows, year=year, seed=seed, first_id=first_id)
    return out.getvalue().encode()
