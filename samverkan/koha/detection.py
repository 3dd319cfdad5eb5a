"""What the start of a Koha export tells: its encoding, delimiter and columns."""

import codecs
import csv
import operator
import re

from django.utils.translation import gettext as _

from biblioteksportal.documents import detect_encoding

COLUMNS = [
    "branchtransfer_id",
    "itemnumber",
    "biblionumber",
    "title",
    "daterequested",
    "datesent",
    "frombranch",
    "datearrived",
    "datecancelled",
    "tobranch",
    "comments",
    "reason",
    "cancellation_reason",
]
REQUIRED = ["itemnumber", "datesent", "frombranch", "tobranch"]
DELIMITERS = [",", ";", "\t", "|"]
SAMPLE = 1 << 16
LINE_END = re.compile(rb"\r\n|\r|\n")
ZIP = b"PK\x03\x04"  # an xlsx, an ods


class FileError(Exception):
    """The whole file cannot be read (the message is shown to the user)."""


class Layout:
    """The file's encoding, delimiter and columns; both rule sets read a row's values
    through `values`."""

    def __init__(self, encoding, codec, delimiter, columns):
        self.encoding, self.codec = encoding, codec
        self.delimiter, self.columns = delimiter, columns
        self.index = {name: columns.index(name) for name in COLUMNS if name in columns}
        self.has_id = "branchtransfer_id" in self.index
        # The columns in the order of COLUMNS; one missing from the file reads the empty field
        # that is appended to each row's fields.
        self.values = operator.itemgetter(*(self.index.get(name, -1) for name in COLUMNS))


def detect_delimiter(header_line):
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if not counts[best]:
        raise FileError(
            _(
                "Hittar ingen avgränsare i rubrikraden. Filen ska vara en CSV-fil med komma, "
                "semikolon eller tabb mellan kolumnerna."
            )
        )
    return best


def detect(binary, block):
    """The file's Layout and the bytes read after its header line; FileError for a file that
    is not a transfer export."""
    encoding = detect_encoding(binary, block)
    head = binary.read(SAMPLE)
    if not head.strip():
        raise FileError(_("Filen är tom."))
    if encoding == "utf-8-sig":
        head = head[len(codecs.BOM_UTF8) :]
    end = LINE_END.search(head)
    cut = end.end() if end else len(head)
    if head.startswith(ZIP) or b"\0" in head[:cut]:
        raise FileError(
            _(
                "Filen är inte en CSV-fil utan ett kalkylark, ett zip-arkiv eller en annan "
                "binär fil. Spara rapporten från Koha som CSV."
            )
        )
    codec = "utf-8" if encoding.startswith("utf-8") else encoding
    header_line = head[:cut].decode(codec, "replace")
    delimiter = detect_delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    columns = [name.strip().strip('"').lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise FileError(
            _(
                "Kolumner saknas i rubrikraden: %(missing)s. En export av branchtransfers "
                "behöver minst %(required)s."
            )
            % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED)}
        )
    duplicated = {name for name in columns if columns.count(name) > 1}
    if duplicated:
        raise FileError(
            _("Kolumnen %(name)s finns flera gånger i rubrikraden.")
            % {"name": ", ".join(sorted(duplicated))}
        )
    return Layout(encoding, codec, delimiter, columns), head[cut:]
