"""goldlabel: a data annotation platform that trains its annotators and proves the quality of its labels.

``goldlabel.Client`` is the SDK's client (``goldlabel.sdk``), loaded on first use so that the
server, which imports this package, never loads the SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from goldlabel.sdk import ApiError, Client

__all__ = ["ApiError", "Client", "__version__"]


def __getattr__(name: str) -> Any:
    if name in ("Client", "ApiError"):
        from goldlabel import sdk

        return getattr(sdk, name)
    raise AttributeError(f"module 'goldlabel' has no attribute {name!r}")
