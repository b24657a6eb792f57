"""Stripe: charges, payment intents, refunds, disputes, balance transactions, payouts and application fees."""

from adapters.stripe.mapping import map_object, split
from adapters.stripe.split import parse_document
from adapters.toolkit import Adapter

ADAPTER = Adapter(name="stripe", split=split, map_object=map_object, parse=parse_document)

__all__ = ["ADAPTER"]
