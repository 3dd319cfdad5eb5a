"""Import of Koha's `branchtransfers` table, exported as CSV from Koha's reports.

The file's start tells its encoding, delimiter and columns (detection.py). The file is then
streamed in blocks of whole lines (reader.py). Arrow's CSV reader (C++, on every core) parses
a block and the column rules (column_rules.py) check its columns at once; each row that fails
them goes through the row rules (row_rules.py), which find its fault (or take what the column
rules were too strict for): two implementations of the same rules, which a test holds to
reading every row alike. A block that Arrow cannot read so that every line is accounted for
is read with Python's csv module instead (careful.py) and every row of it checked by the row
rules, so the report's line numbers are always the file's.

The good rows go to PostgreSQL by COPY (storing.py), a batch of blocks per transaction: the
rows read before a failure are kept, and the progress can be followed from another request
(run.py). Importing the same file again adds nothing.
"""

from .detection import COLUMNS, FileError
from .reader import Reader
from .run import run_import

__all__ = ["COLUMNS", "FileError", "Reader", "run_import"]
