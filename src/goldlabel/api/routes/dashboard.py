"""Routes of issue 11's dashboard (contract shell: its owner fills it)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["dashboard"])
