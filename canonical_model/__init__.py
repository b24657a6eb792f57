"""The hub's pure domain: money, identities, the event catalogue and the folds that turn events into views.

Nothing here performs I/O or imports anything outside the standard library.
"""
