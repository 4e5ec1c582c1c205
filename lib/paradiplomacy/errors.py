"""Exceptions raised by the loaders and by parameter checks."""
from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataValidationError", "ParameterError", "Found", "format_rows"]


def format_rows(row: int | Sequence[int] | None) -> str:
    """Format a row number or a list of row numbers for an error message.

    Parameters
    ----------
    row : int, sequence of int or None
        Line number(s) in the file (the header is row 1).

    Returns
    -------
    str
        ``"row 7"``, ``"rows 2-7"`` (consecutive), ``"rows 2, 5, 9"`` or ``""`` when ``row`` is None.
    """
    if row is None:
        return ""
    if isinstance(row, int):
        return f"row {row}"
    rows = sorted(int(r) for r in row)
    if not rows:
        return ""
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}-{rows[-1]}"
    return "rows " + ", ".join(str(r) for r in rows)


class Found(str):
    """A description of what was found (``"an empty field"``), shown in messages without quotes.

    It is a ``str`` subclass so it compares equal to its text; raw field contents are passed as plain ``str``
    and shown quoted.
    """

    __slots__ = ()


class DataValidationError(ValueError):
    """A data file breaks its schema.

    Parameters
    ----------
    file : str
        The file, as shown to the reader (e.g. ``"data/table1_friendliness.csv"``).
    row : int, sequence of int or None
        Line number(s) in the file, counting the header as row 1; ``None`` for whole-file problems.
    column : str or None
        Column name, or ``None`` when the problem concerns a whole row or file.
    expected : str
        What the schema expects.
    found : object
        What the file holds (shown with ``repr`` when it is a string).

    Attributes
    ----------
    file, row, column, expected, found
        As passed.

    Examples
    --------
    >>> str(DataValidationError("data/table1_friendliness.csv", 7, "value", "a number", "abc"))
    "data/table1_friendliness.csv, row 7, column 'value': expected a number, found 'abc'"
    """

    def __init__(self, file: str, row: int | Sequence[int] | None, column: str | None,
                 expected: str, found: object):
        self.file = file
        self.row = row if row is None or isinstance(row, int) else tuple(row)
        self.column = column
        self.expected = expected
        self.found = found
        where = [str(file)]
        rows = format_rows(row)
        if rows:
            where.append(rows)
        if column is not None:
            where.append(f"column {column!r}")
        shown = str(found) if isinstance(found, Found) or not isinstance(found, str) else repr(found)
        super().__init__(f"{', '.join(where)}: expected {expected}, found {shown}")


class ParameterError(ValueError):
    """A parameter (e.g. a papermill parameter of a chapter) has an invalid value.

    Parameters
    ----------
    parameter : str
        Name of the offending parameter.
    message : str
        What is wrong and what is allowed.

    Attributes
    ----------
    parameter : str
        As passed.
    """

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")
