"""Inventory: positions by state, available-to-promise per location and channel, reported levels."""
