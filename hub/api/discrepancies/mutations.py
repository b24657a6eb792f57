"""`acknowledgeDiscrepancy(id, note)`: a person marks a discrepancy as seen, with why; audited under them."""

from __future__ import annotations

import strawberry

from hub.acknowledgements import AcknowledgementRefused, acknowledge_discrepancy
from hub.api.context import HubContext
from hub.api.discrepancies.types import Discrepancy, discrepancy


@strawberry.type(description="Why a discrepancy could not be acknowledged (unknown id, already resolved, no note).")
class AcknowledgeDiscrepancyError:
    message: str


@strawberry.type
class AcknowledgeDiscrepancyPayload:
    discrepancy: Discrepancy | None
    error: AcknowledgeDiscrepancyError | None


def resolve_acknowledge_discrepancy(info: strawberry.Info[HubContext, None], id: strawberry.ID,  # noqa: A002
                                    note: str) -> AcknowledgeDiscrepancyPayload:
    """Acknowledge an open discrepancy with a note; the audit trail names who did it."""
    try:
        record = acknowledge_discrepancy(info.context.engine, str(id), note)
    except AcknowledgementRefused as error:
        return AcknowledgeDiscrepancyPayload(discrepancy=None, error=AcknowledgeDiscrepancyError(message=str(error)))
    return AcknowledgeDiscrepancyPayload(discrepancy=discrepancy(record), error=None)
