"""The one exception tree of mosgraph.

::

    MosgraphError                 anything mosgraph raises on purpose
    ├── InputError                a user's file is wrong: carries file, line, column
    │   ├── ReportSyntaxError     a report does not follow the expected layout
    │   ├── CurationError         a curated fact is malformed or its quote is not in the report
    │   └── RDFSyntaxError        an RDF file (data or shapes) cannot be parsed
    ├── UsageError                a command was asked for something it cannot do
    │   └── UnknownFormatError    a file extension or format name mosgraph does not know
    ├── QueryError                a SPARQL query is malformed (line/column) or failed
    │   └── QueryTimeout          a query ran longer than its time limit
    ├── StoreError                a store or SPARQL endpoint cannot be reached or refused
    └── OutputError               a file cannot be written where asked (not a file, no
                                  permission, disk full): carries the file

A graph that does not conform to the shapes is a *result* (see :mod:`mosgraph.validation`),
never an exception.

>>> err = CurationError("quote not found in the report", file="c.yaml", line=12)
>>> str(err)
'c.yaml:12: quote not found in the report'
>>> isinstance(err, InputError) and isinstance(err, MosgraphError)
True
"""

from __future__ import annotations

__all__ = [
    "CurationError",
    "InputError",
    "MosgraphError",
    "OutputError",
    "QueryError",
    "QueryTimeout",
    "RDFSyntaxError",
    "ReportSyntaxError",
    "StoreError",
    "UnknownFormatError",
    "UsageError",
]


class MosgraphError(Exception):
    """Root of every error mosgraph raises on purpose."""


class InputError(MosgraphError):
    """A user's input file is wrong; names the file and, where known, line and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (self.file, self.line, self.column) if part is not None
        )
        return f"{where}: {self.message}" if where else self.message


class ReportSyntaxError(InputError):
    """A report text does not follow the layout the reader expects."""


class CurationError(InputError):
    """A curated fact is malformed, refers to something unknown, or its quote is not found."""


class RDFSyntaxError(InputError):
    """An RDF file cannot be parsed."""


class UsageError(MosgraphError):
    """A command or function was asked for something it cannot do."""


class UnknownFormatError(UsageError):
    """A file extension or format name that mosgraph does not know."""


class QueryError(MosgraphError):
    """A SPARQL query is malformed or its evaluation failed."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.message = message
        self.line = line
        self.column = column
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class QueryTimeout(QueryError):
    """A query ran longer than the time it was given."""


class StoreError(MosgraphError):
    """A store or remote SPARQL endpoint cannot be reached, or refused a request."""


class OutputError(MosgraphError):
    """A file cannot be written where asked: a device or a folder, no permission, a full
    disk; names the file."""

    def __init__(self, message: str, *, file: str) -> None:
        self.message = message
        self.file = file
        super().__init__(f"{file}: {message}")
