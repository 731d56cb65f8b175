"""Tests of multiple systems estimation."""
