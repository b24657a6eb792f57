"""The committed SDL is the schema: a change to the API's surface shows up in review as a diff."""

from __future__ import annotations

from hub.api.export_schema import REGENERATE, SCHEMA_FILE, schema_sdl


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == schema_sdl(), (
        f"{SCHEMA_FILE.name} differs from the schema the code builds; if the change is intended, run `{REGENERATE}`")


def test_public_names_from_the_interface_contract_are_in_the_schema() -> None:
    sdl = schema_sdl()
    for name in ("order(", "orders(", "discrepancies(", "quarantine(", "auditTrail: [AuditEntry!]!",
                 "externalId: String!", "unitPrice: Money!", "trackingNumber: String", "inventorySettled: Boolean!",
                 "journalEntries: [JournalEntry!]!", "settledNet: Money", "recordedAt: DateTime!"):
        assert name in sdl, name
