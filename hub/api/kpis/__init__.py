"""KPIs over a date range: operations and finance figures of the orders placed in it."""
