"""headcount."""
