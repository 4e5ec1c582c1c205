"""The claims registry (``data.claims``, from ``data/claims.csv``), the numbers in a claim's printed text, and the
values chapters glue.

:func:`glued_values` reads glued values back from an executed notebook; :func:`compare_glued` checks each one
against its claim: transcribed numbers must equal the registry's value, derived numbers must round to what the
paper printed, and numbers the paper got wrong must *not* match (``expected_status`` ``discrepancy``).
"""
from __future__ import annotations

import ast
import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from os import PathLike

import nbformat
import pandas as pd

from paradiplomacy.errors import ParameterError
from paradiplomacy.numbers import is_numeral, parse_printed, round_decimal, tokens

__all__ = ["glued_values", "printed_precision", "compare_glued", "missing_claims", "report", "numbers_in_text",
           "spelled_out", "EXACT_TOLERANCE", "GREATER_QUALIFIERS", "COMPARE_COLUMNS"]

#: Tolerance for "equal" numbers (transcribed claims).
EXACT_TOLERANCE = 1e-9
#: Qualifiers for which any glued value above the printed value also satisfies the claim.
GREATER_QUALIFIERS = ("over", "more than")
#: Columns of :func:`compare_glued`'s result.
COMPARE_COLUMNS = ("claim_id", "printed", "value", "glued", "difference", "tolerance", "expected_status",
                   "observed_status", "ok")

_NUMPY_REPR = re.compile(r"^(?:np|numpy)\.(?:float|int|uint|complex|str_|bool_?)\w*\((.*)\)$", re.S)
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "hundred": 100, "thousand": 1000, "a dozen": 12, "dozen": 12})
_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()) if i}
_FRACTIONS = {"one-third": 1 / 3, "two-thirds": 2 / 3, "one-quarter": 0.25, "one-fourth": 0.25,
              "three-quarters": 0.75, "one-half": 0.5, "half": 0.5}


def numbers_in_text(text: str) -> list[float]:
    """Every number a claim's printed text can stand for.

    Numerals (``"2,500"`` -> 2500), numerals scaled by a following thousand/million/billion (``"2.4 million"``
    -> 2.4 and 2400000), number words and ordinals (``"three"`` -> 3, ``"seventh"`` -> 7), and fraction words
    (``"one-third"`` -> 1/3, 33.33..., and their roundings to 0-4 decimals).
    """
    found: list[float] = []
    for numeral, _, scale in tokens(text):
        found.append(float(parse_printed(numeral)))
        if scale != 1.0:
            found.append(float(parse_printed(numeral)) * scale)
    lower = text.lower()
    for w, v in _FRACTIONS.items():
        if re.search(rf"\b{re.escape(w)}\b", lower):
            found.extend([v, v * 100, *(round(v * 100, d) for d in range(4)), *(round(v, d) for d in range(1, 5))])
    for w, v in {**_WORDS, **_ORDINALS}.items():
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lower):
            found.append(float(v))
    for m in re.finditer(r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(\w+)", lower):
        unit = _WORDS.get(m.group(2), _ORDINALS.get(m.group(2)))
        if unit is not None and 0 < unit < 10:
            found.append(float(_WORDS[m.group(1)] + unit))
    return found


def spelled_out(token: str, text: str, fraction: Fraction | None = None) -> bool:
    """True when numeral ``token`` (``"3"``) is printed as a word in ``text`` (``"three dyads"``).

    ``fraction`` (the value of a token ``"1/3"``) matches a fraction word (``"one-third"``).
    """
    if fraction is not None:
        return any(abs(v - float(fraction)) <= 1e-12 for v in numbers_in_text(text))
    if not is_numeral(token):
        return False
    value = float(parse_printed(token))
    digits = {float(parse_printed(numeral)) for numeral, _, _ in tokens(text)}
    return value not in digits and any(abs(v - value) <= 1e-9 for v in numbers_in_text(text))


def _parse_repr(text: str):
    """Value of a ``repr`` string: Python literal, numpy scalar repr, or the raw string."""
    m = _NUMPY_REPR.match(text.strip())
    for candidate in (text, m.group(1)) if m else (text,):
        try:
            return ast.literal_eval(candidate)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    return {"np.True_": True, "numpy.True_": True, "np.False_": False, "numpy.False_": False}.get(text.strip(), text)


def glued_values(notebook) -> dict[str, object]:
    """``name -> value`` of every ``myst_nb.glue`` in an executed notebook (path or NotebookNode).

    myst-nb writes a ``display_data`` output whose ``metadata.scrapbook.name`` is the glue name and whose
    ``data[mime_prefix + "text/plain"]`` holds ``repr(value)``; literals and numpy scalar reprs are parsed,
    anything else (a DataFrame, a figure) is kept as the raw string. A name glued twice keeps the later value.
    """
    if isinstance(notebook, (str, PathLike)):
        notebook = nbformat.read(str(notebook), as_version=4)
    cells = notebook.get("cells") if hasattr(notebook, "get") else None
    if cells is None:
        raise ParameterError("notebook", "expected a notebook path or an nbformat NotebookNode with cells")
    values: dict[str, object] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            scrap = (output.get("metadata") or {}).get("scrapbook") or {}
            name = scrap.get("name")
            if not name:
                continue
            prefix = scrap.get("mime_prefix", "") or ""
            data = output.get("data") or {}
            text = data.get(prefix + "text/plain", data.get("text/plain"))
            values[name] = None if text is None else _parse_repr("".join(text) if isinstance(text, list) else text)
    return values


def printed_precision(printed: str, value: float) -> tuple[str, int, float]:
    """``(token, decimals, scale)`` of the token of a claim's printed text that carries its value.

    ``("2.4", 1, 1e6)`` for ``"2.4 million"`` and value 2400000; number words give ``(printed, 0, 1.0)``. One unit
    of the last printed digit is ``10**-decimals * scale``.
    """
    for token, decimals, word_scale in tokens(printed):
        base = float(parse_printed(token))
        for scale in dict.fromkeys((1.0, word_scale)):
            if math.isclose(base * scale, value, rel_tol=1e-12, abs_tol=1e-12):
                return token, decimals, scale
    return printed, 0, 1.0


def _as_number(glued):
    """Glued value as float, or None when it is not a number (strings like '42.2' or '2,500' count)."""
    if isinstance(glued, bool):
        return None
    if isinstance(glued, numbers.Real):
        x = float(glued)
        return x if math.isfinite(x) else None
    if isinstance(glued, str):
        s = glued.strip().rstrip("%").strip()
        if re.fullmatch(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", s):
            return float(s.replace(",", ""))
    return None


def _restates(glued, claim) -> bool:
    """True when ``glued`` is the claim's printed text or equals its value (within 1e-9)."""
    if isinstance(glued, str) and glued.strip() == str(claim["printed"]).strip():
        return True
    x = _as_number(glued)
    value = float(claim["value"])
    return x is not None and abs(x - value) <= EXACT_TOLERANCE * max(1.0, abs(value))


def _observe(glued, claim) -> tuple[float, float, str]:
    """(difference, tolerance, observed_status) for one glued value against one claim row."""
    value = float(claim["value"])
    printed = str(claim["printed"])
    kind = claim["kind"]
    expected = claim["expected_status"]
    token, decimals, scale = printed_precision(printed, value)
    unit = 10.0 ** -decimals * scale
    if expected in ("reproduced", "not_computable") and kind == "transcribed":
        tolerance = EXACT_TOLERANCE
    elif expected == "reproduced":
        tolerance = unit / 2
    else:
        tolerance = unit
    if isinstance(glued, str) and glued.strip() == printed.strip():
        return math.nan, tolerance, "reproduced"
    x = _as_number(glued)
    if x is None:
        return math.nan, tolerance, "not a number"
    diff = x - value
    if abs(diff) <= EXACT_TOLERANCE * max(1.0, abs(value)):
        return diff, tolerance, "reproduced"
    if x > value and any(printed.strip().lower().startswith(q + " ") for q in GREATER_QUALIFIERS):
        return diff, tolerance, "reproduced"
    if kind == "derived" and re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?", token):
        rounded = round_decimal(x / scale if scale != 1.0 else x, decimals, "half_up")
        if rounded == Decimal(token.replace(",", "")):
            return diff, tolerance, "reproduced"
    if abs(diff) < unit:
        return diff, tolerance, "rounding"
    return diff, tolerance, "discrepancy"


def compare_glued(glued: dict, registry, chapter: str):
    """Compare the glued values of ``chapter`` with its claims (``registry``: the claims frame, ``data.claims``).

    Returns one row per glued claim of the chapter, in registry order, with :data:`COMPARE_COLUMNS`
    (``difference`` = glued - value). Observed status of a glued value ``g`` against claim value ``v`` printed with ``d`` decimals:

    * ``reproduced`` if ``|g - v| <= 1e-9`` (scaled by ``max(1, |v|)``), or ``g`` is the printed text itself, or
      the printed text starts with "over"/"more than" and ``g > v``, or - for ``derived`` claims only -
      ``g`` rounds half-up at ``d`` decimals to the printed token;
    * else ``rounding`` if ``|g - v|`` is less than one unit of the last printed digit;
    * else ``discrepancy`` (``not a number`` when ``g`` is not numeric).

    ``ok`` is ``observed == expected``; a transcribed number that merely rounds to the printed one is therefore
    not ok. A ``not_computable`` claim may be glued only as a restatement (``g == v``), observed as
    ``not_computable``. Strings that are plain numerals (``"42.2"``, ``"2,500"``, ``"42.2%"``) are compared as
    numbers. ``tolerance`` documents the rule applied: 1e-9 (transcribed), half a unit (derived, reproduced) or
    one unit (rounding / discrepancy).
    """
    missing_cols = {"claim_id", "chapter", "printed", "value", "kind", "expected_status"} - set(registry.columns)
    if missing_cols:
        raise ParameterError("registry", f"expected the columns of claims.csv; missing {sorted(missing_cols)}")
    if not isinstance(glued, dict):
        raise ParameterError("glued", f"expected a dict of glued values, found {type(glued).__name__}")
    rows = []
    for _, claim in registry.loc[registry["chapter"] == chapter].iterrows():
        cid = claim["claim_id"]
        if cid not in glued:
            continue
        g = glued[cid]
        diff, tol, observed = _observe(g, claim)
        expected = claim["expected_status"]
        if expected == "not_computable":
            ok = _restates(g, claim)
            observed = "not_computable" if ok else observed
        else:
            ok = observed == expected
        rows.append({"claim_id": cid, "printed": claim["printed"], "value": float(claim["value"]), "glued": g,
                     "difference": diff, "tolerance": tol, "expected_status": expected,
                     "observed_status": observed, "ok": bool(ok)})
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS)).astype(
        {"ok": bool, "value": "float64", "difference": "float64", "tolerance": "float64"})


def missing_claims(glued: dict, registry, chapter: str) -> list[str]:
    """Claims of ``chapter`` (``reproduced`` or ``rounding``; others are optional) that ``glued`` lacks."""
    sub = registry.loc[(registry["chapter"] == chapter)
                       & registry["expected_status"].isin(["reproduced", "rounding"])]
    return [cid for cid in sub["claim_id"] if cid not in glued]


def report(df) -> str:
    """``"<n> claims compared: <ok> ok, <bad> not ok"``, then one line per claim of ``df`` that is not ok."""
    n = len(df)
    good = int(df["ok"].sum()) if n else 0
    lines = [f"{n} claims compared: {good} ok, {n - good} not ok"]
    for _, row in df.loc[~df["ok"]].iterrows() if n else []:
        lines.append(f"  {row['claim_id']}: printed {row['printed']!r} (value {row['value']:g}), glued "
                     f"{row['glued']!r}; expected {row['expected_status']}, observed {row['observed_status']}")
    return "\n".join(lines)
