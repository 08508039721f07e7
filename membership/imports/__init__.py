"""Checking an imported register spreadsheet (CSV UTF-8 or .xlsx) against the register rules.

`check_file(filename, content, facts)` reads the file and returns the rows it would import and
every problem it found, each tied to a row (as the spreadsheet numbers it: the header is row 1)
and a column. It writes nothing; `membership.services.imports` does the writing. Everything it
needs from the database is loaded up front by `register_facts()` (a handful of queries,
whatever the size of the file), so checking 50,000 rows makes no per-row query.

One row is one member with one holding; a member with holdings in two share classes takes two
rows with the same `member_number`.
"""

from membership.imports.check import ClassTotal, ImportSummary, check_file, summarise
from membership.imports.reading import (
    ImportCheck,
    ImportRow,
    Problem,
    RegisterFacts,
    UnreadableFileError,
    read_records,
    register_facts,
)

__all__ = [
    "ClassTotal",
    "ImportCheck",
    "ImportRow",
    "ImportSummary",
    "Problem",
    "RegisterFacts",
    "UnreadableFileError",
    "check_file",
    "read_records",
    "register_facts",
    "summarise",
]
