"""Stripe: charges, payment intents, refunds, disputes, balance transactions, payouts and application fees."""

from adapters.stripe.mapping import map_object, split
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="stripe", split=split, map_object=map_object)

__all__ = ["ADAPTER"]
