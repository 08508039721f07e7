"""The membership part of the REST API."""
