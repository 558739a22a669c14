"""Routes of issue 11's time and cost (contract shell: its owner fills it)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["time and cost"])
