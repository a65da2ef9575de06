"""How many hazard statements printed without codes, and field labels, are still read after OCR-like damage.

    .venv/bin/python scripts/eval_ocr_noise.py [--languages en de fr es pt] [--seed 0]

Every current H statement wording of each language (those without a supplier fill-in) is damaged in each
way of msds/evaluation/ocr_noise.py, put alone on a Section 2 line read by OCR, and given to the hazard
extraction the pipeline runs. Printed per language and kind of damage: statements found (accepted), found
only as doubtful wording (the sheet goes to review), and lost. Then every Latin-script label of the identity
fields (sds_field_labels.csv), and every signal word spelling after a label, with one confusion: how many
are still read.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter

from models.common import Box
from msds.domain import field_labels
from msds.domain.catalog import default_catalog
from msds.domain.phrase_matcher import PhraseMatcher
from msds.domain.signal_words import find_signal_word, signal_words
from msds.evaluation.ocr_noise import DAMAGE, confuse_one, damaged_statements
from msds.services.document_lines import DocLine
from msds.services.extract.hazards import extract_hazards

_FILL_IN_MARKS = ("…", "...", "<", "[")
_LABEL_FIELDS = ("product_name", "supplier", "manufacturer", "emergency_phone", "revision_date", "version")
_LATIN = re.compile(r"[A-Za-z]")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--languages", nargs="+", default=["en", "de", "fr", "es", "pt"])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    catalog, matcher = default_catalog(), PhraseMatcher()
    print(f"{'language':8}  {'damage':16}  {'found':>7}  {'review':>7}  {'lost':>7}  {'of':>4}")
    for language in args.languages:
        wordings = [
            (code, text)
            for code in catalog.codes()
            if code.startswith("H") and "+" not in code
            and (text := catalog.official_text(code, language))
            and not any(mark in text for mark in _FILL_IN_MARKS)
        ]  # fmt: skip
        tally: Counter[tuple[str, str]] = Counter()
        for statement in damaged_statements(wordings, args.seed):
            line = DocLine(0, 1, statement.text, Box(x0=50, y0=50, x1=500, y1=60), 1.0, True)
            found = extract_hazards([line], language, catalog, matcher)
            codes = {part for s in found.hazard_statements for part in s.code.split("+")}
            outcome = (
                "found" if statement.code in codes else "review" if found.unmatched_hazard_wording else "lost"
            )
            tally[(statement.kind, outcome)] += 1
        for kind in DAMAGE:
            counts = [tally[(kind, outcome)] for outcome in ("found", "review", "lost")]
            print(
                f"{language:8}  {kind:16}  {counts[0]:7d}  {counts[1]:7d}  {counts[2]:7d}  {sum(counts):4d}"
            )
    print()
    print(f"{'field label':16}  {'read':>5}  {'of':>4}   (one confusion each)")
    rng = random.Random(args.seed)
    for field in _LABEL_FIELDS:
        pattern = re.compile(field_labels.alternatives(field), re.IGNORECASE)
        printed = [label for label in field_labels.labels(field) if _LATIN.search(label)]
        read = sum(bool(pattern.search(confuse_one(label, rng))) for label in printed)
        print(f"{field:16}  {read:5d}  {len(printed):4d}")
    spellings = [entry for entry in signal_words() if _LATIN.search(entry.text)]
    read = sum(
        [match.word_en for match in find_signal_word(f"Signal word: {confuse_one(entry.text, rng)}")]
        == [entry.word_en]
        for entry in spellings
    )
    print(f"{'signal word':16}  {read:5d}  {len(spellings):4d}   (after its label)")


if __name__ == "__main__":
    main()
