"""Settlements: payouts with their lines, stated and summed totals, and their deposit."""
