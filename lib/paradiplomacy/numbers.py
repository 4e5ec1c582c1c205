"""Checks of printed numbers: decimals, GRIM consistency of percentages, sums of shares, printed vs computed.

All rounding logic is exact: printed numbers are parsed with :class:`decimal.Decimal` and ratios such as
``100 * k / n`` are rounded with integer arithmetic, so no floating-point error can move a value across a
rounding boundary. "Half-up" means halves are rounded away from zero (``0.25 -> 0.3``), the convention a
reader expects from a printed table.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from paradiplomacy.errors import ParameterError

__all__ = [
    "ROUNDING_MODES",
    "NUMERAL_PATTERN",
    "is_numeral",
    "parse_printed",
    "decimals_of",
    "half_unit",
    "unit_of",
    "round_decimal",
    "round_ratio",
    "format_decimal",
    "SumCheck",
    "sum_check",
    "STATUSES",
    "Comparison",
    "compare_value",
]

#: Rounding rules understood by :func:`round_ratio` / :func:`round_decimal`.
ROUNDING_MODES = ("half_up", "half_even", "truncate")
_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}

#: A printed number: digits, optional thousands separators (``2,500``), optional decimals, optional sign.
NUMERAL_PATTERN = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_numeral(text: str) -> bool:
    """Return True when ``text`` is a printed number such as ``"10.0"``, ``"71"`` or ``"2,500"``.

    Parameters
    ----------
    text : str
        Candidate token (no ``%``, currency sign or words).

    Returns
    -------
    bool
    """
    return isinstance(text, str) and NUMERAL_PATTERN.match(text) is not None


def parse_printed(printed: str) -> Decimal:
    """Parse a printed number exactly.

    Parameters
    ----------
    printed : str
        The token as printed, e.g. ``"42.2"``, ``"2,500"``, ``"10.0"``.

    Returns
    -------
    decimal.Decimal
        The exact value, keeping the printed exponent (``Decimal("10.0")``).

    Raises
    ------
    ValueError
        If ``printed`` is not a plain printed number (signs of units and words are not accepted).
    """
    if not is_numeral(printed):
        raise ValueError(f"expected a printed number such as '42.2' or '2,500', found {printed!r}")
    return Decimal(printed.replace(",", ""))


def decimals_of(printed: str) -> int:
    """Number of decimals printed.

    Parameters
    ----------
    printed : str
        A printed number.

    Returns
    -------
    int
        ``decimals_of("10.0") == 1``, ``decimals_of("71") == 0``, ``decimals_of("2,500") == 0``.
    """
    return max(0, -parse_printed(printed).as_tuple().exponent)


def unit_of(printed: str) -> Decimal:
    """One unit of the last printed digit (``"42.2" -> Decimal("0.1")``).

    Parameters
    ----------
    printed : str
        A printed number.

    Returns
    -------
    decimal.Decimal
    """
    return Decimal(1).scaleb(-decimals_of(printed))


def half_unit(printed: str) -> float:
    """Half a unit of the last printed digit: the largest rounding error of a half-up rounded number.

    Parameters
    ----------
    printed : str
        A printed number.

    Returns
    -------
    float
        ``half_unit("42.2") == 0.05``, ``half_unit("71") == 0.5``.
    """
    return float(unit_of(printed) / 2)


def _check_mode(rounding: str) -> None:
    if rounding not in ROUNDING_MODES:
        raise ParameterError("rounding", f"expected one of {ROUNDING_MODES}, found {rounding!r}")


def round_decimal(value: Decimal | Fraction | int | float | str, decimals: int,
                  rounding: str = "half_up") -> Decimal:
    """Round a number to ``decimals`` places exactly.

    Parameters
    ----------
    value : Decimal, Fraction, int, float or str
        Floats are converted through their shortest ``repr`` (``2.675 -> Decimal("2.675")``), i.e. the decimal
        number the float was meant to hold; Fractions are rounded exactly.
    decimals : int
        Number of decimal places (>= 0).
    rounding : {"half_up", "half_even", "truncate"}
        Rounding rule; half-up rounds halves away from zero, truncate drops digits.

    Returns
    -------
    decimal.Decimal
        With exactly ``decimals`` places.
    """
    _check_mode(rounding)
    if isinstance(value, Fraction):
        sign = -1 if value < 0 else 1
        mag = abs(value)
        scaled = round_ratio(mag.numerator, mag.denominator, decimals, rounding)
        return -scaled if sign < 0 else scaled
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, str):
        value = parse_printed(value)
    else:
        value = Decimal(value)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_DECIMAL_MODES[rounding])


def round_ratio(numerator: int, denominator: int, decimals: int, rounding: str = "half_up") -> Decimal:
    """Round ``numerator / denominator`` to ``decimals`` places with exact integer arithmetic.

    Parameters
    ----------
    numerator, denominator : int
        Non-negative numerator and positive denominator (e.g. ``100 * k`` and ``n`` for a percentage).
    decimals : int
        Decimal places.
    rounding : {"half_up", "half_even", "truncate"}
        Rounding rule.

    Returns
    -------
    decimal.Decimal
        E.g. ``round_ratio(100 * 173, 410, 1) == Decimal("42.2")`` (42.195... rounds up).
    """
    _check_mode(rounding)
    if denominator <= 0 or numerator < 0:
        raise ValueError("round_ratio needs numerator >= 0 and denominator > 0")
    return Decimal(_scaled_round(numerator, denominator, decimals, rounding)).scaleb(-decimals)


def _scaled_round(numerator: int, denominator: int, decimals: int, rounding: str) -> int:
    """``numerator / denominator`` rounded at ``decimals`` places, times ``10**decimals`` (exact integers)."""
    q, r = divmod(numerator * 10**decimals, denominator)
    if rounding == "half_up":
        q += 2 * r >= denominator
    elif rounding == "half_even":
        q += (2 * r > denominator) or (2 * r == denominator and q % 2 == 1)
    return int(q)


def format_decimal(value: Decimal, decimals: int) -> str:
    """Format ``value`` with exactly ``decimals`` places and no thousands separator.

    Parameters
    ----------
    value : decimal.Decimal
        Number to format.
    decimals : int
        Decimal places.

    Returns
    -------
    str
    """
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}"


def _check_n(n, parameter: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise ParameterError(parameter, f"expected a positive integer, found {n!r}")
    return n


# --------------------------------------------------------------------------------------------- sums
@dataclass(frozen=True)
class SumCheck:
    """Result of :func:`sum_check`.

    Attributes
    ----------
    printed : tuple of str
        The parts.
    total : decimal.Decimal
        Exact sum of the printed parts.
    target : decimal.Decimal
        Expected total (100 for shares).
    tolerance : decimal.Decimal
        Number of parts x half a unit of the coarsest printed decimal place.
    ok : bool
        ``|total - target| <= tolerance``.
    """

    printed: tuple[str, ...]
    total: Decimal
    target: Decimal
    tolerance: Decimal
    ok: bool

    @property
    def difference(self) -> Decimal:
        """``total - target``."""
        return self.total - self.target


def sum_check(printed: Sequence[str], target: int | str | Decimal = 100) -> SumCheck:
    """Do printed parts add up to ``target`` within what rounding can explain?

    Each part, rounded half-up at ``d`` decimals, is off by at most half a unit of its last digit, so the sum of
    ``m`` parts can be off by at most ``m`` x half a unit of the *coarsest* printed decimal place (the bound is
    inclusive). Six one-decimal shares may therefore sum to 99.7..100.3; ``["21", "35.1", "28.8", "15.1"]`` has
    a zero-decimal part, so its tolerance is 4 x 0.5 = 2.

    Parameters
    ----------
    printed : sequence of str
        The printed parts (e.g. shares of one question, without ``%``).
    target : int, str or Decimal, default 100
        Expected total.

    Returns
    -------
    SumCheck
    """
    parts = tuple(printed)
    if not parts:
        raise ParameterError("printed", "expected at least one printed part")
    values = [parse_printed(p) for p in parts]
    coarsest = min(decimals_of(p) for p in parts)
    tolerance = len(parts) * Decimal(1).scaleb(-coarsest) / 2
    total = sum(values, Decimal(0))
    tgt = Decimal(str(target))
    return SumCheck(printed=parts, total=total, target=tgt, tolerance=tolerance,
                    ok=abs(total - tgt) <= tolerance)


# --------------------------------------------------------------------------------------------- compare
#: Statuses of :func:`compare_value`.
STATUSES = ("reproduced", "rounding", "discrepancy")


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare_value`.

    Attributes
    ----------
    printed : str
        The printed number.
    value : float
        Its value.
    computed : float
        The recomputed number.
    difference : float
        ``computed - value``.
    decimals : int
        Printed decimals.
    rounded : str
        ``computed`` rounded half-up at the printed decimals.
    rounds_to_printed : bool
        ``rounded == printed`` (thousands separators ignored).
    within_one_unit : bool
        ``|difference| < 10**-decimals``.
    status : {"reproduced", "rounding", "discrepancy"}
        ``reproduced`` if it rounds to the printed value, else ``rounding`` if within one unit of the last printed
        digit (e.g. the paper truncated), else ``discrepancy``.
    """

    printed: str
    value: float
    computed: float
    difference: float
    decimals: int
    rounded: str
    rounds_to_printed: bool
    within_one_unit: bool
    status: str


def compare_value(printed: str, computed: float | int | Decimal | Fraction) -> Comparison:
    """Compare a printed number with our recomputation of it.

    Parameters
    ----------
    printed : str
        The number as printed (``"79.21"``, ``"2,500"``).
    computed : float, int, Decimal or Fraction
        Our value. Floats are read through their shortest ``repr``; pass a :class:`fractions.Fraction` (e.g.
        ``Fraction(100 * 41, 410)``) for an exact comparison.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> compare_value("79.21", 79.21666).status   # truncated by the paper
    'rounding'
    >>> compare_value("74.6", 78.6).status
    'discrepancy'
    """
    if isinstance(computed, bool) or not isinstance(computed, (int, float, Decimal, Fraction)):
        raise ParameterError("computed", f"expected a number, found {computed!r}")
    if isinstance(computed, (float, Decimal)) and not Decimal(repr(computed) if isinstance(computed, float)
                                                            else computed).is_finite():
        raise ParameterError("computed", f"expected a finite number, found {computed!r}")
    dec = decimals_of(printed)
    target = parse_printed(printed)
    exact = computed if isinstance(computed, Fraction) else (
        Fraction(Decimal(repr(computed))) if isinstance(computed, float) else Fraction(computed))
    rounded = round_decimal(exact, dec, "half_up")
    diff = exact - Fraction(target)
    rounds = rounded == target
    within = abs(diff) < Fraction(1, 10**dec)
    status = "reproduced" if rounds else ("rounding" if within else "discrepancy")
    return Comparison(printed=printed, value=float(target), computed=float(computed), difference=float(diff),
                      decimals=dec, rounded=format_decimal(rounded, dec), rounds_to_printed=rounds,
                      within_one_unit=within, status=status)
