"""Quarantine: payloads that could not be mapped, with where they came from and why."""
