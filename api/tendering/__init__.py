"""The joint bids part of the REST API (tendering)."""
