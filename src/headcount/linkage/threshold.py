"""The default match threshold, in a module of its own so that the command line can show it
without importing Splink."""

from __future__ import annotations

DEFAULT_THRESHOLD = 0.5
"""Calibrated match probability at or above which a scored pair joins two records: "more
likely the same person than not", where B-cubed F1 and the counts are best (a missed link
counts a person twice and inflates the estimate of the unseen); 0.75 is the lowest threshold
with pairwise precision 0.95 on the development populations, for users who want that (see
docs/methodology/linkage.md, "Thresholds")."""
