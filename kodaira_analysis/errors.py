"""The exceptions a user reads: each names what was wrong and where."""

from __future__ import annotations

#: Longest repr of a value that a message quotes whole; longer values are cut, with their length.
MAX_QUOTED = 200


def quote(value: object, limit: int = MAX_QUOTED) -> str:
    """repr() of a value for a message, cut short when it is long (a huge value is never echoed whole)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters in all)"


class KodairaError(Exception):
    """Base class of every error this package raises on purpose."""


class RawDataError(KodairaError, ValueError):
    """A raw file that cannot be read as its table's description says.

    The message names the file, the row (as a spreadsheet shows it: the
    header is row 1), the column, the value seen and what was expected.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        where = [f"file {file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        message = f"{', '.join(where)}: {problem}"
        if value is not None:
            message += f"; found {quote(value)}"
        if expected is not None:
            message += f"; expected {expected}"
        super().__init__(message)


class TotalMismatchError(KodairaError):
    """A total the plan publishes does not equal the sum of its parts."""

    def __init__(self, table: str, total: str, expected: float, found: float, source: str) -> None:
        self.table = table
        self.total = total
        self.expected = expected
        self.found = found
        super().__init__(
            f"table {table}: the plan prints {total!r} as {expected:g} ({source}), but the data add up to {found:g}"
        )


class SchemaError(KodairaError):
    """A processed table that breaks its schema (dtype, allowed values, key)."""


class UnknownTableError(KodairaError, KeyError):
    """load() was asked for a table that does not exist."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the sentence readable
        return str(self.args[0])


class ParameterError(KodairaError, ValueError):
    """A notebook parameter outside its allowed values."""

    def __init__(self, notebook: str, name: str, value: object, allowed: str) -> None:
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"{notebook}: parameter {name}={quote(value, 80)} is not allowed; expected {allowed}")


class MissingPackageDataError(KodairaError, FileNotFoundError):
    """A data file the installed package should carry is not there: the installation is incomplete."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(
            f"the installed kodaira-analysis package has no data file {path}: the installation is incomplete "
            "or was altered. Reinstall it (pip install --force-reinstall kodaira-analysis, or the wheel you "
            "installed it from)."
        )


class ArgumentError(KodairaError, ValueError):
    """A public function was given an argument it cannot use: the message says which and what it expected."""

    def __init__(self, function: str, name: str, value: object, expected: str) -> None:
        self.function, self.name, self.value, self.expected = function, name, value, expected
        kind = "" if value is None or isinstance(value, str | int | float) else f" (a {type(value).__name__})"
        super().__init__(f"{function}(): {name}={quote(value, 80)}{kind} is not allowed; expected {expected}")


class UnknownMunicipalityError(KodairaError, ValueError):
    """A municipality code that SSDSE-A does not hold."""


class MissingExternalDataError(KodairaError, FileNotFoundError):
    """The SSDSE-A files are not where the project looks for them."""


class MissingMicDataError(KodairaError, FileNotFoundError):
    """The MIC files are not where the project looks for them."""
