"""Shared names and small value types used by every stage."""

from __future__ import annotations

import re

TABLES = ("providers", "indicators", "results")

# Provenance columns carried by every intake row: where it came from, for located errors.
SOURCE_FILE = "_file"
SOURCE_ROW = "_row"
PROVENANCE = (SOURCE_FILE, SOURCE_ROW)

# The four buckets every results row ends in; the report proves they add up to the rows read.
PUBLISHED = "published"
SUPPRESSED = "suppressed"
HELD_BACK = "held_back"
REJECTED = "rejected"
BUCKETS = (PUBLISHED, SUPPRESSED, HELD_BACK, REJECTED)

APPROVED = "approved"

# The status of every public result row; the others are the labelled missing values. A result is
# 'suppressed_complement' when it has enough cases but would let a suppressed one be worked out from a
# published total (compute/disclosure.py).
STATUS_PUBLISHED = "published"
TOO_FEW_CASES = "too_few_cases"
SUPPRESSED_COMPLEMENT = "suppressed_complement"
NOT_APPLICABLE = "not_applicable"
NOT_DELIVERED = "not_delivered"
# A publisher's "not delivered" where nobody said a delivery was expected: no figure, and no claim.
NO_RESULT = "no_result"
STATUSES = (STATUS_PUBLISHED, TOO_FEW_CASES, SUPPRESSED_COMPLEMENT, NOT_APPLICABLE, NOT_DELIVERED, NO_RESULT)

# A release label (YYYY-MM): it names the release's package folder. Nothing else in datapackages/ is a
# release: not 'latest', not a hidden staging folder, not 2026-10.bak.
RELEASE_LABEL = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

# The languages of the site's labels (site/labels.py); publication.language is one of them.
LANGUAGES = ("nl", "en")


# The words a delivered yes/no cell may use (validation reads them; is_true reads a flag by them too).
TRUE_WORDS = frozenset({"true", "waar", "ja", "yes", "y", "j", "1", "x"})
FALSE_WORDS = frozenset({"false", "onwaar", "nee", "no", "n", "0"})


def is_true(value) -> bool:
    """A catalogue flag as a boolean (True, 1, or one of TRUE_WORDS; anything else, NaN included, is
    False)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value == value and value == 1
    if hasattr(value, "item"):  # numpy scalars
        return is_true(value.item())
    return str(value).strip().lower() in TRUE_WORDS
