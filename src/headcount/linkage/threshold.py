"""The default match threshold, in a module of its own so that the command line can show it
without importing Splink."""

from __future__ import annotations

DEFAULT_THRESHOLD = 0.5
"""Match probability at or above which a scored pair joins two records — more likely the same
person than not (see docs/methodology/linkage.md, "Thresholds", for how it was chosen)."""
