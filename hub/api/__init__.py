"""The GraphQL API: one small package per domain (types, loaders, resolvers), wired together in `schema.py`.

Resolvers read projections through `hub.read_models`, `hub.event_store` and `hub.audit`; every query a
resolver makes for a list of orders goes through a per-request dataloader, so a page of orders costs
the same number of statements whatever its size.
"""
