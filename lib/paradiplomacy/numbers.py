"""Printed-number arithmetic: parse a printed token, its decimals and unit, exact rounding, sums within printed
rounding, and a recomputed value compared with a printed one.

Printed numbers are parsed with :class:`decimal.Decimal` and ratios such as ``100 * k / n`` are rounded with
integer arithmetic, so no floating-point error can move a value across a rounding boundary. "Half-up" rounds
halves away from zero (``0.25 -> 0.3``), the convention a reader expects from a printed table.
"""
from __future__ import annotations

import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from paradiplomacy.errors import ParameterError

__all__ = ["ROUNDING_MODES", "NUMERAL_PATTERN", "TOKEN_PATTERN", "SCALES", "is_numeral", "parse_printed", "tokens",
           "decimals_of", "unit_of", "round_decimal", "round_ratio", "format_decimal", "check_rounding", "check_n",
           "check_count", "SumCheck", "sum_check", "Comparison", "compare_value"]

#: Rounding rules understood by :func:`round_ratio` / :func:`round_decimal`.
ROUNDING_MODES = ("half_up", "half_even", "truncate")
_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}

_NUMERAL = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"  # groups: whole part (maybe with separators), decimals
#: A printed number on its own: digits, optional thousands separators (``2,500``), decimals and sign.
NUMERAL_PATTERN = re.compile(rf"-?{_NUMERAL}")
#: A number inside printed text, with an optional scale word (``"US$2.4 million"``); groups: whole, decimals, word.
TOKEN_PATTERN = re.compile(rf"(?<![\d.]){_NUMERAL}(?:\s*(thousand|million|billion|trillion))?", re.IGNORECASE)
#: Value of each scale word of :data:`TOKEN_PATTERN`.
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def is_numeral(text) -> bool:
    """True when ``text`` is a printed number such as ``"10.0"``, ``"71"`` or ``"2,500"`` (no ``%`` or words)."""
    return isinstance(text, str) and NUMERAL_PATTERN.fullmatch(text) is not None


def parse_printed(printed: str) -> Decimal:
    """The exact value of a printed number, keeping its printed exponent (``"10.0" -> Decimal("10.0")``).

    Raises ValueError unless ``printed`` is a plain printed number (:func:`is_numeral`).
    """
    if not is_numeral(printed):
        raise ValueError(f"expected a printed number such as '42.2' or '2,500', found {printed!r}")
    return Decimal(printed.replace(",", ""))


def tokens(text: str) -> list[tuple[str, int, float]]:
    """Numbers printed in ``text``: ``(numeral, decimals, scale)`` each, e.g. ``"2.4 million" -> [("2.4", 1, 1e6)]``.

    ``scale`` is the value of a following scale word, 1.0 without one.
    """
    return [(m.group(1) + (f".{m.group(2)}" if m.group(2) else ""), len(m.group(2) or ""),
             SCALES[m.group(3).lower()] if m.group(3) else 1.0) for m in TOKEN_PATTERN.finditer(text)]


def decimals_of(printed: str) -> int:
    """Number of decimals printed (``"10.0" -> 1``, ``"2,500" -> 0``)."""
    return max(0, -parse_printed(printed).as_tuple().exponent)


def unit_of(printed: str) -> Decimal:
    """One unit of the last printed digit (``"42.2" -> Decimal("0.1")``); half of it bounds a half-up rounding."""
    return Decimal(1).scaleb(-decimals_of(printed))


def check_rounding(rounding: str) -> str:
    """``rounding`` when it is one of :data:`ROUNDING_MODES`; otherwise ParameterError naming ``rounding``."""
    if rounding not in ROUNDING_MODES:
        raise ParameterError("rounding", f"expected one of {ROUNDING_MODES}, found {rounding!r}")
    return rounding


def round_decimal(value: Decimal | Fraction | int | float | str, decimals: int,
                  rounding: str = "half_up") -> Decimal:
    """``value`` rounded exactly to ``decimals`` places (``rounding``: one of :data:`ROUNDING_MODES`).

    A float is read through its shortest ``repr`` (``2.675 -> Decimal("2.675")``, the number it was meant to
    hold); a Fraction is rounded exactly; a str must be a printed number.
    """
    check_rounding(rounding)
    if isinstance(value, Fraction):
        scaled = round_ratio(abs(value.numerator), value.denominator, decimals, rounding)
        return -scaled if value < 0 else scaled
    value = Decimal(repr(value)) if isinstance(value, float) else (
        parse_printed(value) if isinstance(value, str) else Decimal(value))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_DECIMAL_MODES[rounding])


def round_ratio(numerator: int, denominator: int, decimals: int, rounding: str = "half_up") -> Decimal:
    """``numerator / denominator`` rounded to ``decimals`` places with exact integer arithmetic.

    E.g. ``round_ratio(100 * 173, 410, 1) == Decimal("42.2")`` (42.195... rounds up).
    """
    check_rounding(rounding)
    if denominator <= 0 or numerator < 0:
        raise ValueError("round_ratio needs numerator >= 0 and denominator > 0")
    q, r = divmod(numerator * 10**decimals, denominator)
    if rounding == "half_up":
        q += 2 * r >= denominator
    elif rounding == "half_even":
        q += (2 * r > denominator) or (2 * r == denominator and q % 2 == 1)
    return Decimal(int(q)).scaleb(-decimals)


def format_decimal(value: Decimal, decimals: int) -> str:
    """``value`` with exactly ``decimals`` places and no thousands separator."""
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}"


def check_n(n, parameter: str = "n") -> int:
    """``n`` as an int when it is a positive whole number; otherwise ParameterError naming ``parameter``."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n <= 0:
        raise ParameterError(parameter, f"expected a positive integer, found {n!r}")
    return int(n)


def check_count(k, n: int, parameter: str = "k") -> int:
    """``k`` as an int when it is a whole number in ``0..n`` (``3.0`` is accepted); else ParameterError."""
    if isinstance(k, bool) or not isinstance(k, numbers.Real) or not float(k).is_integer():
        raise ParameterError(parameter, f"expected an integer count, found {k!r}")
    if not 0 <= k <= n:
        raise ParameterError(parameter, f"expected 0 <= {parameter} <= n = {n}, found {int(k)}")
    return int(k)


@dataclass(frozen=True)
class SumCheck:
    """Result of :func:`sum_check`: the exact ``total`` of the printed parts, the ``target``, the ``tolerance``
    rounding allows, and ``ok`` (``|total - target| <= tolerance``)."""

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

    Each half-up rounded part is off by at most half a unit of its last digit, so ``m`` parts may be off by ``m``
    half units of the *coarsest* printed decimal place (inclusive): six one-decimal shares may sum to
    99.7..100.3, and ``["21", "35.1", "28.8", "15.1"]`` (one share without decimals) to 98..102.
    """
    parts = tuple(printed)
    if not parts:
        raise ParameterError("printed", "expected at least one printed part")
    total = sum((parse_printed(p) for p in parts), Decimal(0))
    tolerance = len(parts) * Decimal(1).scaleb(-min(decimals_of(p) for p in parts)) / 2
    goal = Decimal(str(target))
    return SumCheck(printed=parts, total=total, target=goal, tolerance=tolerance,
                    ok=abs(total - goal) <= tolerance)


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare_value`.

    ``rounded`` is ``computed`` rounded half-up at the printed ``decimals``; ``status`` is ``"reproduced"`` when
    it equals the printed value, ``"rounding"`` when ``|difference| < 10**-decimals`` (e.g. the paper
    truncated), else ``"discrepancy"``.
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

    A float is read through its shortest ``repr``; pass a :class:`fractions.Fraction` (e.g.
    ``Fraction(100 * 41, 410)``) for an exact comparison.

    >>> compare_value("79.21", 79.21666).status   # truncated by the paper
    'rounding'
    >>> compare_value("74.6", 78.6).status
    'discrepancy'
    """
    if isinstance(computed, bool) or not isinstance(computed, (int, float, Decimal, Fraction)):
        raise ParameterError("computed", f"expected a number, found {computed!r}")
    exact = computed if isinstance(computed, Fraction) else Decimal(
        repr(computed) if isinstance(computed, float) else computed)
    if isinstance(exact, Decimal):
        if not exact.is_finite():
            raise ParameterError("computed", f"expected a finite number, found {computed!r}")
        exact = Fraction(exact)
    dec = decimals_of(printed)
    target = parse_printed(printed)
    rounded = round_decimal(exact, dec, "half_up")
    diff = exact - Fraction(target)
    rounds, within = rounded == target, abs(diff) < Fraction(1, 10**dec)
    return Comparison(printed=printed, value=float(target), computed=float(computed), difference=float(diff),
                      decimals=dec, rounded=format_decimal(rounded, dec), rounds_to_printed=rounds,
                      within_one_unit=within,
                      status="reproduced" if rounds else ("rounding" if within else "discrepancy"))
