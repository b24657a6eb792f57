"""A parcel's way through a carrier's network, for the carrier simulators (EasyPost, Shippo) fed with `Sale`s.

Every carrier scans a parcel at the same steps of its story (see `carrier_steps`); each simulator names
the steps in its carrier's words and places. A standalone feed keeps its newest parcels on their way
(`newest_in_transit`), so a read finds some tracks still open.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from adapters.toolkit.sales_feed import Parcel, Sale

CarrierStep = Literal["label_created", "accepted", "regional_facility", "out_for_delivery", "delivered"]
# How long before delivery a parcel goes out on the delivery van; how long an undelivered one takes to the hub.
OUT_FOR_DELIVERY = timedelta(hours=4)
UNDELIVERED_LEG = timedelta(hours=20)


def carrier_steps(parcel: Parcel, label_lead: timedelta) -> list[tuple[datetime, CarrierStep]]:
    """When the carrier scans the parcel, oldest first: label made `label_lead` before it ships, accepted when it
    ships, at a regional facility halfway, out for delivery four hours before it is delivered (when that falls after
    halfway), delivered. An undelivered parcel stops at the regional facility."""
    delivered = parcel.delivered_at
    halfway = parcel.shipped_at + ((delivered - parcel.shipped_at) / 2 if delivered else UNDELIVERED_LEG)
    steps: list[tuple[datetime, CarrierStep]] = [
        (parcel.shipped_at - label_lead, "label_created"), (parcel.shipped_at, "accepted"),
        (halfway, "regional_facility"),
    ]
    if delivered is not None:
        if delivered - OUT_FOR_DELIVERY > halfway:
            steps.append((delivered - OUT_FOR_DELIVERY, "out_for_delivery"))
        steps.append((delivered, "delivered"))
    return steps


def newest_in_transit(sales: list[Sale]) -> list[Sale]:
    """The sales with the newest tenth (at least two) of those shipped not delivered yet, in their order."""
    shipped = sorted((sale for sale in sales if sale.parcels), key=lambda sale: sale.parcels[0].shipped_at)
    waiting = {sale.reference for sale in shipped[-max(2, len(shipped) // 10):]}
    return [replace(sale, parcels=tuple(replace(parcel, delivered_at=None) for parcel in sale.parcels))
            if sale.reference in waiting else sale for sale in sales]
