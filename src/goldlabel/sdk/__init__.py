"""Python SDK: a typed client of the public HTTP API (docs/SDK.md)."""

from goldlabel.sdk.client import Client
from goldlabel.sdk.http import ApiError
from goldlabel.sdk.projects import Items, Members, Predictions, Project, Projects

__all__ = ["ApiError", "Client", "Items", "Members", "Predictions", "Project", "Projects"]
