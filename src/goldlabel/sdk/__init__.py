"""Python SDK: a typed client of the public HTTP API."""

from goldlabel.sdk.client import ApiError, Client

__all__ = ["ApiError", "Client"]
