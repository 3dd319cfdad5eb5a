"""The careful way through a block that Arrow cannot read so that every line is accounted
for (a blank line, a lone carriage return, a row with the wrong number of fields, bytes that
are not UTF-8): Python's csv module, which counts the file's lines exactly."""

import csv
import io

from django.utils.translation import gettext as _


def records(reader, block):
    """The (fields, line) of each row of `block` for the row rules; a row that is not CSV, or
    has the wrong number of fields or bytes that are not UTF-8, goes to the reader's report.
    When a quoted value runs past the block's end, the reader's next block is read on too."""
    layout = reader.layout
    width = len(layout.columns)
    done = 0  # lines of the records read so far
    invalid = False  # the block (or the one read on) was not all UTF-8

    def lines():
        nonlocal invalid
        data = block
        while data:
            try:
                text, invalid = data.decode(layout.codec), False
            except UnicodeDecodeError:
                text, invalid = data.decode(layout.codec, "replace"), True
            yield from io.StringIO(text, newline="")
            if parser.line_num == done:
                return
            data = reader.next_block()

    parser = csv.reader(lines(), delimiter=layout.delimiter)
    while True:  # to go on after a row that is not CSV
        try:
            for fields in parser:
                start, done = reader.line + done, parser.line_num
                if not fields or fields == [""]:
                    continue
                reader.rows_read += 1
                if len(fields) != width:
                    reader.error(
                        start,
                        _("Raden har %(n)s fält men rubrikraden har %(width)s.")
                        % {"n": len(fields), "width": width},
                    )
                elif invalid and any("\ufffd" in field for field in fields):
                    reader.error(start, _("Raden innehåller tecken som inte är giltig UTF-8."))
                else:
                    yield fields, start
            break
        except csv.Error as error:
            start, done = reader.line + done, parser.line_num
            reader.error(start, _("Raden kan inte läsas som CSV: %(error)s") % {"error": error})
    reader.line += done
