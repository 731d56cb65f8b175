"""Linkage: blocking, comparisons, training, prediction, clustering, screening."""
