"""The claims registry (``data/claims.csv``) and the numbers chapters glue into the book.

A chapter states a number from the paper by computing it and calling
``myst_nb.glue("<claim_id>", value, display=False)``. After the chapter has run (papermill or jupyter-book),
:func:`glued_values` reads those values back from the executed notebook and :func:`compare_glued` checks each one
against its claim: transcribed numbers must equal the registry's value, derived numbers must round to what the
paper printed, and numbers the paper got wrong must *not* match (their ``expected_status`` is ``discrepancy``).
"""
from __future__ import annotations

import ast
import math
import numbers
import re
from decimal import Decimal
from os import PathLike

from paradiplomacy.numbers import round_decimal
from paradiplomacy.errors import ParameterError

__all__ = ["load_registry", "glued_values", "printed_precision", "compare_glued", "missing_claims", "report",
           "EXACT_TOLERANCE", "GREATER_QUALIFIERS", "COMPARE_COLUMNS"]

#: Tolerance for "equal" numbers (transcribed claims).
EXACT_TOLERANCE = 1e-9
#: Qualifiers for which any glued value above the printed value also satisfies the claim.
GREATER_QUALIFIERS = ("over", "more than")
#: Columns of :func:`compare_glued`'s result.
COMPARE_COLUMNS = ("claim_id", "printed", "value", "glued", "difference", "tolerance", "expected_status",
                   "observed_status", "ok")

_NUMPY_REPR = re.compile(r"^(?:np|numpy)\.(?:float|int|uint|complex|str_|bool_?)\w*\((.*)\)$", re.S)
_TOKEN = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(thousand|million|billion|trillion))?",
                    re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def load_registry(data_dir: str | PathLike[str] | None = None):
    """Load ``claims.csv`` (delegates to :func:`paradiplomacy.data.load.load_claims`).

    Parameters
    ----------
    data_dir : str or path-like, optional
        Data directory; default the repository's ``data/``.

    Returns
    -------
    pandas.DataFrame
        The validated registry.
    """
    from paradiplomacy.data.load import load_claims

    return load_claims(data_dir)


def _parse_repr(text: str):
    """Value of a ``repr`` string: Python literal, numpy scalar repr, or the raw string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    m = _NUMPY_REPR.match(text.strip())
    if m:
        try:
            return ast.literal_eval(m.group(1))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            pass
    if text.strip() in ("np.True_", "numpy.True_"):
        return True
    if text.strip() in ("np.False_", "numpy.False_"):
        return False
    return text


def glued_values(notebook) -> dict[str, object]:
    """Values glued with ``myst_nb.glue`` in an executed notebook.

    Parameters
    ----------
    notebook : str, path-like or nbformat.NotebookNode
        An executed notebook (file or object). For a MyST ``.md`` chapter, execute it first (papermill or
        jupyter-book) - a text file has no outputs.

    Returns
    -------
    dict of str to object
        ``name -> value``. myst-nb writes a ``display_data`` output whose ``metadata.scrapbook.name`` is the
        glue name and whose ``data[mime_prefix + "text/plain"]`` holds ``repr(value)`` (the prefix is
        ``application/papermill.record/`` when ``display=False``). The repr is parsed with
        :func:`ast.literal_eval`; numpy scalar reprs such as ``np.float64(42.2)`` are unwrapped; anything else
        (a DataFrame, a figure) is kept as the raw string. When a name is glued twice the later value wins, as in
        myst-nb.
    """
    if isinstance(notebook, (str, PathLike)):
        import nbformat

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
            if text is None:
                values[name] = None
                continue
            if isinstance(text, list):
                text = "".join(text)
            values[name] = _parse_repr(text)
    return values


def printed_precision(printed: str, value: float) -> tuple[str, int, float]:
    """Which token of a claim's printed text carries its value, and its precision.

    Parameters
    ----------
    printed : str
        The claim's printed text (``"79.21%"``, ``"US$127.7 billion"``, ``"2.4 million"``, ``"three"``).
    value : float
        The claim's value.

    Returns
    -------
    (str, int, float)
        ``(token, decimals, scale)``: e.g. ``("2.4", 1, 1e6)`` when the value is 2400000, ``("2.4", 1, 1.0)``
        when it is 2.4. Number words give ``(word, 0, 1.0)``. One unit of the last printed digit is
        ``10**-decimals * scale``.
    """
    for m in _TOKEN.finditer(printed):
        token = m.group(1) + ("." + m.group(2) if m.group(2) else "")
        base = float(token.replace(",", ""))
        decimals = len(m.group(2) or "")
        scales = [1.0] + ([_SCALES[m.group(3).lower()]] if m.group(3) else [])
        for scale in scales:
            if math.isclose(base * scale, value, rel_tol=1e-12, abs_tol=1e-12):
                return token, decimals, scale
    return printed, 0, 1.0


def _qualifier(printed: str) -> str:
    low = printed.strip().lower()
    for q in GREATER_QUALIFIERS:
        if low.startswith(q + " "):
            return q
    return ""


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
    if _qualifier(printed) and x > value:
        return diff, tolerance, "reproduced"
    if kind == "derived" and re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?", token):
        rounded = round_decimal(x / scale if scale != 1.0 else x, decimals, "half_up")
        if rounded == Decimal(token.replace(",", "")):
            return diff, tolerance, "reproduced"
    if abs(diff) < unit:
        return diff, tolerance, "rounding"
    return diff, tolerance, "discrepancy"


def compare_glued(glued: dict, registry, chapter: str):
    """Check a chapter's glued values against its claims.

    Parameters
    ----------
    glued : dict
        From :func:`glued_values`.
    registry : pandas.DataFrame
        From :func:`load_registry`.
    chapter : str
        Chapter name (``"04_public_views"``); only claims of this chapter that were glued are compared.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim_id, printed, value, glued, difference (glued - value), tolerance, expected_status,
        observed_status, ok``, in registry order.

    Notes
    -----
    Observed status of a glued value ``g`` against claim value ``v`` printed with ``d`` decimals:

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
    import pandas as pd

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
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    frame["ok"] = frame["ok"].astype(bool)
    frame["value"] = frame["value"].astype("float64")
    frame["difference"] = frame["difference"].astype("float64")
    frame["tolerance"] = frame["tolerance"].astype("float64")
    return frame


def missing_claims(glued: dict, registry, chapter: str) -> list[str]:
    """Claims of ``chapter`` that must be glued but were not.

    Parameters
    ----------
    glued : dict
        From :func:`glued_values`.
    registry : pandas.DataFrame
        From :func:`load_registry`.
    chapter : str
        Chapter name.

    Returns
    -------
    list of str
        ``claim_id`` of every claim of the chapter with ``expected_status`` ``reproduced`` or ``rounding`` that is
        not a key of ``glued``, in registry order. (Discrepancies and not-computable claims are not required.)
    """
    sub = registry.loc[(registry["chapter"] == chapter)
                       & registry["expected_status"].isin(["reproduced", "rounding"])]
    return [cid for cid in sub["claim_id"] if cid not in glued]


def report(df) -> str:
    """Plain-text summary of a :func:`compare_glued` table.

    Parameters
    ----------
    df : pandas.DataFrame
        Result of :func:`compare_glued`.

    Returns
    -------
    str
        First line ``"<n> claims compared: <ok> ok, <bad> not ok"``; then one line per claim that is not ok.
    """
    n = len(df)
    good = int(df["ok"].sum()) if n else 0
    lines = [f"{n} claims compared: {good} ok, {n - good} not ok"]
    for _, row in df.loc[~df["ok"]].iterrows() if n else []:
        lines.append(f"  {row['claim_id']}: printed {row['printed']!r} (value {row['value']:g}), glued "
                     f"{row['glued']!r}; expected {row['expected_status']}, observed {row['observed_status']}")
    return "\n".join(lines)
