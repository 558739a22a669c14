"""The ranked ambiguous cases of a project, reviewer rejections by section, and the labels and
items annotators agree on least.

Computed per control from one read of the submitted answers (``services.quality.submissions``),
the final labels (``final_labels``; while the project has none, the quality engine's consensus,
``services.quality.consensus_model``) and the rejected answers (``reviews``), with no
transaction open while the engine runs, and cached in ``quality_cache`` under
``disagreements:<control>`` while the submissions, the control's spec, the final labels and the
rejections keep their fingerprint. Emails, actions and paging are applied per request.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.core.errors import NotFound
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, DisagreementAction, FinalLabel, Item, Review, User
from goldlabel.services.access import Actor, project_access
from goldlabel.services.disagreements.labels import kind_of, label_order, label_set, regions
from goldlabel.services.disagreements.views import (
    Case,
    CaseAction,
    CaseAnnotator,
    CaseItem,
    DisagreementReport,
    LabelAgreement,
    LowAgreementItem,
    RejectedLabel,
    RejectionGroup,
)
from goldlabel.services.quality import cache
from goldlabel.services.quality.cache import Job, Payload
from goldlabel.services.quality.consensus import pairwise_agreement
from goldlabel.services.quality.submissions import (
    Submissions,
    control_fingerprint,
    load_submissions,
    submissions_fingerprint,
)

PAYLOAD_VERSION = "d1"
MAX_CASE_ITEMS = 50  # items kept per case, the most split first
MAX_LOW_ITEMS = 100  # low-agreement items kept per control
LOW_AGREEMENT = 0.5  # an item's mean pairwise agreement below this is listed
MAX_REJECTION_ITEMS = 20
MAX_REJECTION_COMMENTS = 3

Finals = dict[int, dict[str, Any]]  # item -> control -> final value
Rejected = dict[int, list[dict[str, Any]]]  # item -> results of its rejected answers


@dataclass(frozen=True, slots=True)
class _Inputs:
    submissions: Submissions
    finals: Finals
    rejected: Rejected


def _fingerprint(db: Session, project_id: int) -> str:
    """Of the final labels and the rejections (the submissions have their own)."""
    n_final, last_final = db.execute(
        select(func.count(FinalLabel.item_id), func.max(FinalLabel.computed_at)).where(
            FinalLabel.project_id == project_id
        )
    ).one()
    n_rejects, last_reject = db.execute(
        select(func.count(Review.id), func.max(Review.id)).where(
            Review.project_id == project_id, Review.verdict == "reject"
        )
    ).one()
    stamp = last_final.isoformat() if last_final is not None else "-"
    return f"{PAYLOAD_VERSION}:f{n_final}:{stamp}:r{n_rejects}:{last_reject or 0}"


def _rejected(
    db: Session, project_id: int
) -> tuple[Rejected, list[tuple[int, str | None, str, dict[str, Any]]]]:
    rows = db.execute(
        select(Review.item_id, Review.guideline_section, Review.comment, Annotation.result)
        .join(Annotation, Annotation.id == Review.annotation_id)
        .join(Item, Item.id == Review.item_id)
        # Gold is not production data (a honeypot's review never surfaces here).
        .where(Review.project_id == project_id, Review.verdict == "reject", Item.gold_set.is_(None))
        .order_by(Review.created_at.desc(), Review.id.desc())
    ).all()
    by_item: Rejected = defaultdict(list)
    for item_id, _, _, result in rows:
        by_item[item_id].append(result)
    return dict(by_item), [(i, s, c, r) for i, s, c, r in rows]


def _final_labels(db: Session, project_id: int) -> Finals:
    return {
        i: r
        for i, r in db.execute(
            select(FinalLabel.item_id, FinalLabel.result).where(FinalLabel.project_id == project_id)
        )
    }


def _consensus_finals(
    database: Database, project_id: int, controls: list[ControlSpec], submissions: Submissions
) -> Finals:
    """The quality engine's consensus of set-valued controls, while no final label exists."""
    from goldlabel.services.quality import consensus_model

    wanted = [c for c in controls if kind_of(c) == "sets"]
    if not wanted:
        return {}
    model = consensus_model(database, project_id)
    finals: Finals = defaultdict(dict)
    for spec in wanted:
        for item_id, by_author in submissions.answers[spec.name].items():
            found = model.item(item_id, {spec.name: list(by_author.values())}, {}).get(spec.name)
            if found is not None:
                finals[item_id][spec.name] = found.value
    return dict(finals)


def _control_payload(spec: ControlSpec, inputs: _Inputs) -> Payload:
    # The engine loads with the first computation, never at server start.
    from goldlabel.quality.agreement.specific import specific_agreement_statistic
    from goldlabel.quality.disagreement import box_iou, interval_iou, rank_cases, region_splits, set_splits

    per_item = inputs.submissions.answers[spec.name]
    low = []
    for item_id, by_author in per_item.items():
        if len(by_author) >= 2:
            value = pairwise_agreement(spec, list(by_author.values()))
            if value is not None and value < LOW_AGREEMENT:
                low.append([item_id, value, len(by_author)])
    low.sort(key=lambda row: (row[1], row[0]))
    kind = kind_of(spec)
    if kind is None:
        return {"cases": [], "labels": [], "items": low[:MAX_LOW_ITEMS]}
    order = label_order(spec)
    sets = {i: {a: label_set(spec, v) for a, v in by.items()} for i, by in per_item.items()}
    if kind == "sets":
        splits = set_splits(sets, label_order=order)
    else:
        shapes = {i: {a: regions(spec, v) for a, v in by.items()} for i, by in per_item.items()}
        splits = region_splits(shapes, iou=box_iou if kind == "boxes" else interval_iou, label_order=order)
    finals = {
        i: label_set(spec, f[spec.name]) for i, f in inputs.finals.items() if f.get(spec.name) is not None
    }
    rejections: Counter[tuple[str, str]] = Counter()
    involved: dict[tuple[str, str], set[int]] = defaultdict(set)
    for s in splits:
        involved[(s.label_a, s.label_b)].add(int(s.task))  # type: ignore[call-overload]
    for key, involved_items in involved.items():
        for item_id in involved_items:
            for result in inputs.rejected.get(item_id, []):
                if result.get(spec.name) is not None and label_set(spec, result[spec.name]) & set(key):
                    rejections[key] += 1
    ranked = rank_cases(
        splits,
        workers_per_task={i: len(by) for i, by in per_item.items()},
        final=finals,
        rejections=rejections,
        label_order=order,
    )
    cases = []
    for case in ranked:
        ranked_items: list[tuple[Any, float]] = sorted(case.tasks.items(), key=lambda kv: (-kv[1], kv[0]))
        cases.append(
            {
                "label_a": case.label_a,
                "label_b": case.label_b,
                "score": case.score,
                "splits": case.splits,
                "against_final": case.against_final,
                "rejections": case.rejections,
                "spread": case.spread,
                "n_items": len(case.tasks),
                "items": [
                    [
                        item_id,
                        share,
                        sum(case.label_a in s for s in sets[item_id].values()),
                        sum(case.label_b in s for s in sets[item_id].values()),
                        len(sets[item_id]),
                    ]
                    for item_id, share in ranked_items[:MAX_CASE_ITEMS]
                ],
                "workers": [[w, s.gave_a, s.gave_b, s.against_final] for w, s in case.workers.items()],
            }
        )
    labels = []
    answers_by_item = [list(by.values()) for by in sets.values()]
    for label in order:
        statistic = specific_agreement_statistic(answers_by_item, [label])
        value = statistic.value if statistic.n_units else None
        labels.append([label, value, statistic.n_units])
    return {"cases": cases, "labels": labels, "items": low[:MAX_LOW_ITEMS]}


def compute(
    database: Database, actor: Actor, project_id: int
) -> tuple[list[ControlSpec], dict[str, Payload], str]:
    """Every control's payload (fresh from the cache or computed now) and where the final
    labels came from."""
    with database.session() as db:
        schema = load_schema(project_access(db, actor, project_id, minimum="reviewer").project.schema)
        controls: list[ControlSpec] = list(schema.controls)
        submissions_fp = submissions_fingerprint(db, project_id)
        extra = _fingerprint(db, project_id)
        jobs = [
            Job(f"disagreements:{c.name}", f"{control_fingerprint(submissions_fp, c)}:{extra}", lambda s: {})
            for c in controls
        ]
        payloads = cache.fresh_payloads(db, project_id, jobs)
        n_final = db.scalar(select(func.count(FinalLabel.item_id)).where(FinalLabel.project_id == project_id))
        source = "final_labels" if n_final else "consensus"
        stale = [(c, job) for c, job in zip(controls, jobs, strict=True) if job.key not in payloads]
        if not stale:
            return controls, payloads, source
        submissions = load_submissions(db, project_id, [c for c, _ in stale], with_data=False)
        finals = _final_labels(db, project_id) if n_final else {}
        rejected, _ = _rejected(db, project_id)
        unchanged = (
            submissions_fingerprint(db, project_id) == submissions_fp
            and _fingerprint(db, project_id) == extra
        )
    if not n_final:
        finals = _consensus_finals(database, project_id, [c for c, _ in stale], submissions)
    inputs = _Inputs(submissions, finals, rejected)
    computed = {job.key: (job.fingerprint, _control_payload(spec, inputs)) for spec, job in stale}
    if unchanged:
        cache.store(database, project_id, computed)
    return controls, payloads | {k: p for k, (_, p) in computed.items()}, source


def _emails(db: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    return {i: e for i, e in db.execute(select(User.id, User.email).where(User.id.in_(wanted)))}


def action_view(a: DisagreementAction) -> CaseAction:
    return CaseAction(
        id=a.id,
        kind="example" if a.kind == "example" else "question",
        item_id=a.item_id,
        question_id=a.question_id,
        example_item_id=a.example_item_id,
        created_at=a.created_at,
    )


def _explain(c: dict[str, Any], k: int) -> str:
    return (
        f"{c['n_items']} item(s) split between {c['label_a']!r} and {c['label_b']!r} "
        f"(splits {c['splits']:.2f}: each item counts the share of its annotator pairs that split), "
        f"{c['rejections']} reviewer rejection(s), {k} annotator(s) answered against the final label: "
        f"score = ({c['splits']:.2f} + {c['rejections']}) × {c['spread']:.2f} = {c['score']:.2f}"
    )


def actions_by_case(db: Session, project_id: int) -> dict[tuple[str, str, str], list[CaseAction]]:
    found: dict[tuple[str, str, str], list[CaseAction]] = defaultdict(list)
    rows = db.scalars(
        select(DisagreementAction)
        .where(DisagreementAction.project_id == project_id)
        .order_by(DisagreementAction.created_at, DisagreementAction.id)
    )
    for a in rows:
        found[(a.control, a.label_a, a.label_b)].append(action_view(a))
    return found


def all_cases(
    db: Session, project_id: int, controls: list[ControlSpec], payloads: dict[str, Payload]
) -> list[Case]:
    """Every case of every control, highest score first, with emails and actions."""
    workers = {
        int(w[0])
        for c in controls
        for case in payloads[f"disagreements:{c.name}"]["cases"]
        for w in case["workers"]
    }
    emails = _emails(db, workers)
    actions = actions_by_case(db, project_id)
    result = []
    for spec in controls:
        for c in payloads[f"disagreements:{spec.name}"]["cases"]:
            annotators = sorted(
                (
                    CaseAnnotator(
                        annotator=emails.get(int(w), f"deleted user {w}"), gave_a=a, gave_b=b, against_final=f
                    )
                    for w, a, b, f in c["workers"]
                ),
                key=lambda x: (-x.against_final, -(x.gave_a + x.gave_b), x.annotator),
            )
            k = sum(1 for x in annotators if x.against_final) or len(annotators)
            result.append(
                Case(
                    control=spec.name,
                    type=spec.type,
                    label_a=c["label_a"],
                    label_b=c["label_b"],
                    score=c["score"],
                    splits=c["splits"],
                    n_items=c["n_items"],
                    n_annotators=len(annotators),
                    against_final=c["against_final"],
                    rejections=c["rejections"],
                    spread=c["spread"],
                    explanation=_explain(c, k),
                    items=[
                        CaseItem(item_id=i, share=sh, count_a=na, count_b=nb, n_answers=n)
                        for i, sh, na, nb, n in c["items"]
                    ],
                    annotators=annotators,
                    actions=actions.get((spec.name, c["label_a"], c["label_b"]), []),
                )
            )
    result.sort(key=lambda c: (-c.score, -c.n_items))
    return result


def _rejection_groups(db: Session, project_id: int, controls: list[ControlSpec]) -> list[RejectionGroup]:
    _, rows = _rejected(db, project_id)
    labelled = [c for c in controls if kind_of(c) is not None]
    groups: dict[str | None, list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
    for item_id, section, comment, result in rows:
        groups[section].append((item_id, comment, result))
    found = []
    for section, entries in groups.items():
        labels: Counter[tuple[str, str]] = Counter()
        for _, _, result in entries:
            for spec in labelled:
                if result.get(spec.name) is not None:
                    labels.update((spec.name, label) for label in label_set(spec, result[spec.name]))
        items = list(dict.fromkeys(item_id for item_id, _, _ in entries))
        found.append(
            RejectionGroup(
                section=section,
                count=len(entries),
                items=items[:MAX_REJECTION_ITEMS],
                labels=[
                    RejectedLabel(control=c, label=label, count=n)
                    for (c, label), n in sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
                comments=[c for _, c, _ in entries if c.strip()][:MAX_REJECTION_COMMENTS],
            )
        )
    return sorted(found, key=lambda g: (-g.count, g.section or ""))


def report(
    database: Database, actor: Actor, project_id: int, *, page: int, page_size: int
) -> DisagreementReport:
    """The ranked cases (one page), the rejections by section, the labels and items agreed on least."""
    controls, payloads, source = compute(database, actor, project_id)
    with database.session() as db:
        cases = all_cases(db, project_id, controls, payloads)
        rejections = _rejection_groups(db, project_id, controls)
    labels = [
        LabelAgreement(control=spec.name, label=label, agreement=value, n_items=n)
        for spec in controls
        for label, value, n in payloads[f"disagreements:{spec.name}"]["labels"]
    ]
    labels.sort(
        key=lambda x: (x.agreement is None, x.agreement if x.agreement is not None else 0.0, x.control)
    )
    items = [
        LowAgreementItem(item_id=i, control=spec.name, agreement=value, n_answers=n)
        for spec in controls
        for i, value, n in payloads[f"disagreements:{spec.name}"]["items"]
    ]
    items.sort(key=lambda x: (x.agreement, x.item_id))
    return DisagreementReport(
        cases=cases[(page - 1) * page_size : page * page_size],
        total=len(cases),
        page=page,
        page_size=page_size,
        rejections=rejections,
        labels=labels,
        items=items[:MAX_LOW_ITEMS],
        final_source="final_labels" if source == "final_labels" else "consensus",
    )


def find_case(
    database: Database, actor: Actor, project_id: int, control: str, label_a: str, label_b: str
) -> Case:
    """One case by its control and labels (either order); 404 when no such case exists now."""
    controls, payloads, _ = compute(database, actor, project_id)
    with database.session() as db:
        for case in all_cases(db, project_id, [c for c in controls if c.name == control], payloads):
            if {case.label_a, case.label_b} == {label_a, label_b}:
                return case
    raise NotFound("no such ambiguous case: annotators do not confuse these labels (any more)")
