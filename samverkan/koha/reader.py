"""The file read in blocks of whole lines, each checked by the column rules or, where Arrow
cannot read it line for line, by the careful way; the bad rows go to the report."""

import functools

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import careful, column_rules, row_rules
from .detection import detect

BLOCK = 1 << 20  # bytes parsed at a time
MAX_ERRORS = 200


class Reader:
    """Turns the CSV file into tables of checked rows for the staging table, collecting the
    report."""

    def __init__(self, binary):
        self.binary = binary
        self.layout, self.rest = detect(binary, BLOCK)
        names = [str(i) for i in range(len(self.layout.columns))]
        self.arrow = {
            "read_options": pacsv.ReadOptions(column_names=names),
            "parse_options": pacsv.ParseOptions(
                delimiter=self.layout.delimiter, newlines_in_values=True
            ),
            "convert_options": pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        }
        self.line = 2  # the next line's number
        self.errors = []
        self.bad_rows = 0
        self.rows_read = 0
        self.codes = {}

    def error(self, line, message):
        self.bad_rows += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append([line, message])

    def tables(self):
        """The good rows, a table per block (none for a block without any); the bad ones go
        to the report."""
        while block := self.next_block():
            parsed = self._parse(block)
            if parsed is None:
                table = row_rules.table(careful.records(self, block), self.layout, self.error)
            else:
                self.rows_read += parsed[0].num_rows
                table, left = column_rules.check(*parsed, self.layout)
                if left:
                    table = pa.concat_tables(
                        [table, row_rules.table(left, self.layout, self.error)]
                    )
            for name in ("from_branch", "to_branch"):
                for count in pc.value_counts(table[name]).to_pylist():
                    code = count["values"]
                    self.codes[code] = self.codes.get(code, 0) + count["counts"]
            if table.num_rows:
                yield table

    def next_block(self):
        """The file's next whole lines, about BLOCK bytes of them (b"" at its end)."""
        data = self.rest
        while more := self.binary.read(BLOCK):
            data += more
            if cut := data.rfind(b"\n") + 1 or data.rfind(b"\r") + 1:
                data, self.rest = data[:cut], data[cut:]
                return data
        self.rest = b""
        return data if data.endswith((b"\n", b"\r")) or not data else data + b"\n"

    def _parse(self, block):
        """The block as a record batch of strings, and the line that each row begins on, if
        Arrow reads it so that every line is accounted for."""
        codec = self.layout.codec
        data = block if codec == "utf-8" else block.decode(codec).encode()
        if b"\0" in data:  # PostgreSQL's text cannot hold it: the row rules report the row
            return None
        if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
            return None  # a lone carriage return, which ends a line for the csv module
        try:
            table = pacsv.read_csv(pa.py_buffer(data), **self.arrow)
        except pa.ArrowInvalid:  # a row with the wrong number of fields, or not UTF-8
            return None
        if not table.num_rows:  # blank lines only
            return None
        breaks = data.count(b"\n")
        table = table.combine_chunks().to_batches()[0]
        if table.num_rows == breaks:  # a row per line, the usual block
            before = 0
        else:
            # Line breaks inside quotes: each row's own, and those of the rows before it. A
            # blank line (which Arrow skips) leaves a line unaccounted for.
            within = [pc.count_substring(column, "\n") for column in table.columns]
            within = functools.reduce(pc.add, within)
            if table.num_rows + pc.sum(within).as_py() != breaks:
                return None
            before = pc.subtract(pc.cumulative_sum(within), within)
        rows = pc.indices_nonzero(pc.is_valid(table.column(0)))
        lines = pc.cast(pc.add(pc.add(rows, before), self.line), pa.int32())
        self.line += breaks
        return table, lines
