"""syncStatus: where every connection's streams stand."""
