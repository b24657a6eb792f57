"""Orders: the three perspectives of one order, its completion, timeline of events and audit trail."""
