"""The default match threshold, in a module of its own so that the command line can show it
without importing Splink."""

from __future__ import annotations

DEFAULT_THRESHOLD = 0.75
"""Calibrated match probability at or above which a scored pair joins two records: the lowest
threshold, in steps of 0.05, at which pairwise precision is at least 0.95 on both simulated
populations it was chosen on (see docs/methodology/linkage.md, "Thresholds")."""
