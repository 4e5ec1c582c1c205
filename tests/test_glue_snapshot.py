"""The restructure (issue 10) changed no number the book shows, except the ones listed here with the reason.

``tests/snapshots/glued_before_refactor.json`` holds every value each chapter glued before the restructure,
captured by running the chapters of commit 8097a4f with papermill (the ``text/plain`` of each glued value). Every
claim id must be glued with the same value now; every book value (``x_...``) too, unless it is listed below as
changed or removed, with the reason.
"""
from __future__ import annotations

import ast
import json
import math
import re
from pathlib import Path

import pytest

from chapter_runner import executed_default
from paradiplomacy.data.claims import glued_values

pytestmark = pytest.mark.notebook

BEFORE = json.loads((Path(__file__).parent / "snapshots" / "glued_before_refactor.json").read_text(encoding="utf-8"))

#: Values that changed on purpose: (chapter, name) -> why.
CHANGED = {
    **{("04_public_views", n): "a p-value glued as a number and formatted in the prose, no longer a string"
       for n in ("x_align_muni_p_max", "x_auton_p_min", "x_bar_p_max", "x_text_p_min")},
    ("09_reproducibility", "x_text_p_low"): "a p-value glued as a number and formatted in the prose",
    ("03_policy_bri", "x_bri_test_p_max"): "a p-value glued as a number and formatted in the prose",
    ("10_bounds_method", "x_p_at_high"): "a p-value glued as a number and formatted in the prose",
    ("10_bounds_method", "x_p_at_low"): "a p-value glued as a number and formatted in the prose",
    ("07_japan", "x_items_descending"): "a count instead of the phrase 'all 6' chosen in code",
    ("09_reproducibility", "x_japan_pairs_robust"): "a count instead of the word 'all' chosen in code",
    ("09_reproducibility", "x_checks_total"): "the audit's bri.row_sums check, which only reported a number, is gone",
    ("appendix_data", "x_n_files"): "new data files: literature_*.csv, findings.csv, text_fact_units.csv",
    ("appendix_data", "x_n_rows"): "new data files: literature_*.csv, findings.csv, text_fact_units.csv",
    ("appendix_data", "x_n_tables"): "new data files: literature_*.csv, findings.csv, text_fact_units.csv",
}
#: Book values no longer glued: (chapter, name) -> why (prose chosen in code moved to the markdown, renamed, unused).
REMOVED = {
    ("01_introduction", "x_blocks_all_sum_to_n"): "a word chosen in code; now x_blocks_summing_to_n of x_blocks",
    ("02_chinese_paradiplomacy", "x_volga_same_month"): "a phrase chosen in code; now x_vision_date",
    **{("03_policy_bri", n): "glued but never shown" for n in (
        "x_bri_truncated", "x_philippines_agree_printed", "x_philippines_count", "x_philippines_count_pct")},
    ("04_public_views", "x_align_muni_meaning"): "a sentence chosen in code; now in the markdown",
    ("04_public_views", "x_bar_meaning"): "a sentence chosen in code; now in the markdown",
    **{("04_public_views", n): "glued but never shown" for n in ("x_grew_high", "x_grew_low", "x_text_diff")},
    ("05_kyrgyzstan", "x_pre_bri_diff"): "renamed x_diff_before", ("05_kyrgyzstan", "x_pre_bri_paper"): "renamed x_paper_before",
    ("06_india", "x_aid_2015"): "renamed x_aid_formed_2015", ("06_india", "x_diff_2015"): "renamed x_diff_formed_2015",
    ("06_india", "x_diplomacy_p"): "renamed x_p_important_diplomacy",
    ("06_india", "x_economy_p"): "renamed x_p_important_economy",
    ("06_india", "x_socio_p"): "renamed x_p_important_sociocultural",
    ("06_india", "x_local_p"): "renamed x_p_subnational_important",
    ("06_india", "x_economy_diff"): "renamed x_gap_important_economy, now the gap of the printed shares (4.7, as in "
                                    "chapter 8) rather than of the reconstructed counts (4.6)",
    ("06_india", "x_people_diff"): "renamed x_gap_people_friendly, now the gap of the printed shares",
    ("06_india", "x_trade_partner_rank_word"): "renamed x_s52_trade_partner_rank_word",
    ("06_india", "x_first_year"): "glued but never shown", ("06_india", "x_last_year"): "glued but never shown",
    ("07_japan", "x_india_japan_p_max"): "renamed x_p_max",
    ("07_japan", "x_seventh_word"): "renamed x_s53_seventh_dialogue_word",
    ("08_analysis", "x_least_friendly_match"): "a phrase chosen in code; now in the markdown, checked by a test",
    **{("08_analysis", n): "counted transcriptions as reproductions; now x_registry_* (derived and transcribed apart)"
       for n in ("x_claims_total", "x_status_reproduced", "x_status_rounding", "x_status_discrepancy",
                 "x_status_not_computable")},
    **{("09_reproducibility", n): "counted transcriptions as reproductions; now x_derived_* over derived claims"
       for n in ("x_reproduced_pct", "x_status_reproduced", "x_status_rounding", "x_status_discrepancy",
                 "x_status_not_computable")},
    ("09_reproducibility", "x_audit_verdict"): "a sentence chosen in code; now the count x_audit_mismatches",
    ("09_reproducibility", "x_group_sd_ind"): "replaced by x_group_sd_ratio, taken from chapter 3's test",
    ("09_reproducibility", "x_group_sd_max"): "replaced by x_group_sd_ratio, taken from chapter 3's test",
    ("09_reproducibility", "x_sweep_all_robust"): "a word chosen in code; now the count x_sweep_robust",
    ("appendix_data", "x_aiddata_hash"): "now x_hash_mismatches (file names or 'none')",
    ("appendix_data", "x_readme_agrees"): "now x_readme_disagrees (file names or 'none')",
    ("appendix_data", "x_n_transcribed_files"): "glued but never shown; x_n_transcribed added",
}


def _value(text):
    if not isinstance(text, str):
        return text
    text = re.sub(r"^np\.\w+\((.*)\)$", r"\1", text.strip())
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _same(a, b) -> bool:
    """Equal values; a number printed as a string before ('100.0') and glued as a number now counts as equal."""
    if isinstance(a, str) and isinstance(b, (int, float)) and not isinstance(b, bool):
        try:
            a = float(a)
        except ValueError:
            return False
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0)
    return a == b


@pytest.mark.parametrize("chapter", sorted(BEFORE))
def test_every_value_glued_before_the_restructure_is_unchanged_or_explained(chapter, tmp_path_factory):
    now = glued_values(executed_default(chapter, str(tmp_path_factory.mktemp("snapshot"))))
    problems = []
    for name, text in BEFORE[chapter].items():
        key = (chapter, name)
        if name not in now:
            if key not in REMOVED:
                problems.append(f"{name}: no longer glued (was {text!r})")
        elif not _same(_value(text), now[name]):
            if key not in CHANGED:
                problems.append(f"{name}: {text!r} -> {now[name]!r}")
        elif key in CHANGED:
            problems.append(f"{name}: listed as changed but unchanged")
    stale = [n for (c, n) in REMOVED if c == chapter and n in now]
    assert not problems and not stale, "\n".join(problems + [f"{n}: listed as removed but glued" for n in stale])
