"""Project-level quality: agreement per control (with bootstrap CIs), the consensus of each
item, and annotator scorecards, from the project's submitted annotations.

The math lives in goldlabel.quality and in each control type (distance / aggregate); this
package gathers the answers (``submissions``), caches what is computed over the whole
project (``cache``, ``reports``) and shapes the results. An empty list is an answer like any
other. Scorecards compare everyone by one rule — the leave-one-out consensus of the others,
ties shared equally — documented in ``scorecards`` and docs/API.md.
"""

from goldlabel.services.quality.reports import (
    agreement,
    agreement_by_annotator,
    annotators,
    consensus,
    consensus_model,
)

__all__ = ["agreement", "agreement_by_annotator", "annotators", "consensus", "consensus_model"]
