"""Membership pages, one module per area."""
