"""Discrepancies: the typed, quantified gaps between perspectives, per order and as a listing."""
