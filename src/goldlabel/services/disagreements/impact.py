"""Did agreement on the affected labels go up after a guideline version?

The annotations of the project's production items are split by the guideline version each was
last saved under (``annotations.guideline_version_id``): *before* — an earlier version, or none
published yet — and *after* — this version or a later one. Within each group, per label, the
specific agreement (``quality.agreement.specific``: given one annotator of an item used the
label, the share of the item's other annotators of the same group who did too) with a 95 %
percentile bootstrap interval over items (``quality.agreement.bootstrap``, 500 resamples,
seeded so a page shows the same interval twice). The labels are those chosen, else both
labels of every case that became a question or an example (``disagreement_actions``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import InvalidInput, NotFound
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, DisagreementAction, GuidelineVersion, Item
from goldlabel.services.access import Actor, project_access
from goldlabel.services.disagreements.labels import kind_of, label_order, label_set
from goldlabel.services.disagreements.views import AgreementEstimate, Impact, LabelImpact, VersionRef

if TYPE_CHECKING:  # the engine loads with the first computation, never at server start
    from goldlabel.quality.agreement.specific import SpecificAgreementStatistic

BOOTSTRAP_RESAMPLES = 500
MAX_LABELS = 50

# group ("before" | "after") -> control -> item -> answers' label sets
Grouped = dict[str, dict[str, dict[int, list[frozenset[str]]]]]


def _ref(v: GuidelineVersion) -> VersionRef:
    return VersionRef(id=v.id, major=v.major, minor=v.minor, published_at=v.published_at)


def _estimate(statistic: SpecificAgreementStatistic, n_answers: int) -> AgreementEstimate:
    import numpy as np

    from goldlabel.quality.agreement import bootstrap_ci

    if statistic.n_units == 0:
        return AgreementEstimate(agreement=None, ci_low=None, ci_high=None, n_items=0, n_answers=n_answers)
    ci = bootstrap_ci(statistic, n_resamples=BOOTSTRAP_RESAMPLES, seed=0)
    return AgreementEstimate(
        agreement=float(ci.estimate),
        ci_low=float(ci.low) if np.isfinite(ci.low) else None,
        ci_high=float(ci.high) if np.isfinite(ci.high) else None,
        n_items=statistic.n_units,
        n_answers=n_answers,
    )


def _pooled(parts: Sequence[SpecificAgreementStatistic]) -> SpecificAgreementStatistic:
    import numpy as np

    from goldlabel.quality.agreement.specific import SpecificAgreementStatistic

    agree = np.concatenate([p.agree for p in parts]) if parts else np.zeros(0)
    pairs = np.concatenate([p.pairs for p in parts]) if parts else np.zeros(0)
    return SpecificAgreementStatistic(agree, pairs)


def _change(before: AgreementEstimate, after: AgreementEstimate) -> float | None:
    if before.agreement is None or after.agreement is None:
        return None
    return after.agreement - before.agreement


def _chosen(specs: Mapping[str, ControlSpec], labels: list[tuple[str, str]]) -> list[tuple[str, str]]:
    for control, label in labels:
        spec = specs.get(control)
        if spec is None or kind_of(spec) is None:
            raise InvalidInput(f"no labelled control named {control!r}", field="labels")
        if label not in label_order(spec):
            raise InvalidInput(f"the control {control!r} has no label {label!r}", field="labels")
    return list(dict.fromkeys(labels))


def impact(
    database: Database,
    actor: Actor,
    project_id: int,
    *,
    version_id: int,
    labels: list[tuple[str, str]] | None,
) -> Impact:
    with database.session() as db:
        access = project_access(db, actor, project_id, minimum="reviewer")
        specs = {c.name: c for c in load_schema(access.project.schema).controls}
        version = db.get(GuidelineVersion, version_id)
        if version is None or version.project_id != project_id:
            raise NotFound("guideline version not found")
        versions = list(db.scalars(select(GuidelineVersion).where(GuidelineVersion.project_id == project_id)))
        older = [v for v in versions if (v.major, v.minor) < (version.major, version.minor)]
        after_ids = {v.id for v in versions if (v.major, v.minor) >= (version.major, version.minor)}
        previous = max(older, key=lambda v: (v.major, v.minor), default=None)
        if labels:
            wanted, source = _chosen(specs, labels), "chosen"
        else:
            rows = db.execute(
                select(DisagreementAction.control, DisagreementAction.label_a, DisagreementAction.label_b)
                .where(DisagreementAction.project_id == project_id)
                .order_by(DisagreementAction.id)
            )
            pairs = [((c, a), (c, b)) for c, a, b in rows if c in specs]
            wanted, source = list(dict.fromkeys(x for pair in pairs for x in pair)), "actions"
        wanted = wanted[:MAX_LABELS]
        controls = {c for c, _ in wanted}
        grouped: Grouped = {
            "before": defaultdict(lambda: defaultdict(list)),
            "after": defaultdict(lambda: defaultdict(list)),
        }
        if controls:
            rows_ = db.execute(
                select(Annotation.item_id, Annotation.result, Annotation.guideline_version_id)
                .join(Item, Item.id == Annotation.item_id)
                .where(
                    Annotation.project_id == project_id,
                    Annotation.status == "submitted",
                    Item.gold_set.is_(None),
                )
            )
            for item_id, result, saved_under in rows_:
                group = "after" if saved_under in after_ids else "before"
                for control in controls:
                    value: Any = result.get(control)
                    if value is not None:
                        grouped[group][control][item_id].append(label_set(specs[control], value))
        ref, prev = _ref(version), _ref(previous) if previous is not None else None
    from goldlabel.quality.agreement.specific import specific_agreement_statistic

    found: list[LabelImpact] = []
    parts: dict[str, list[SpecificAgreementStatistic]] = {"before": [], "after": []}
    counts = {"before": 0, "after": 0}
    for control, label in wanted:
        estimates = {}
        for group in ("before", "after"):
            items = list(grouped[group][control].values())
            statistic = specific_agreement_statistic(items, [label])
            n_answers = sum(label in s for answers in items for s in answers)
            parts[group].append(statistic)
            counts[group] += n_answers
            estimates[group] = _estimate(statistic, n_answers)
        before, after = estimates["before"], estimates["after"]
        found.append(
            LabelImpact(
                control=control, label=label, before=before, after=after, change=_change(before, after)
            )
        )
    overall = None
    if found:
        before = _estimate(_pooled(parts["before"]), counts["before"])
        after = _estimate(_pooled(parts["after"]), counts["after"])
        overall = LabelImpact(control="", label="", before=before, after=after, change=_change(before, after))
    return Impact(
        version=ref,
        previous=prev,
        labels=found,
        overall=overall,
        source="chosen" if source == "chosen" else "actions",
    )
