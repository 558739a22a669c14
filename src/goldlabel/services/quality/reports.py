"""The quality use cases: check access, reuse what the cache holds, compute only what is stale.

Each report is made of cached parts — ``summary`` (counts, each annotator's count and
median time), ``items`` (the items with submissions, for the consensus pages), and per
control ``agreement:<control>``, ``consensus:<control>`` (the Dawid-Skene fit of a single-choice control) and
``scorecards:<control>`` — valid while the project's submissions fingerprint (and the
control's spec) are unchanged. A stale part is recomputed from one read of the submissions,
with no transaction open while the engine runs, then stored by a short upsert. A part is
stored only if the submissions did not change while they were read, so a stored row always
describes exactly the fingerprint it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from statistics import fmean, median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.schema import load_schema
from goldlabel.core.limits import MIN_ITEMS_FOR_RATE
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, Project, User
from goldlabel.services.access import Actor, project_access
from goldlabel.services.quality import cache
from goldlabel.services.quality.agreement import control_agreement
from goldlabel.services.quality.cache import Job, Payload
from goldlabel.services.quality.consensus import ConsensusModel, fit_inferred, is_inferred
from goldlabel.services.quality.scorecards import control_scorecards, rate
from goldlabel.services.quality.submissions import (
    Submissions,
    control_fingerprint,
    load_submissions,
    submissions_fingerprint,
)
from goldlabel.services.views import (
    AgreementReport,
    AnnotatorControlQuality,
    AnnotatorQuality,
    ConsensusPage,
    ControlAgreement,
    ItemConsensus,
)


@dataclass(frozen=True, slots=True)
class _Project:
    id: int
    controls: list[ControlSpec]
    fingerprint: str  # of the submissions


def _summary(submissions: Submissions) -> Payload:
    return {
        "n_items": len(submissions.item_ids),
        "annotators": {str(a): [len(t), float(median(t))] for a, t in submissions.lead_times.items()},
    }


def _summary_job(project: _Project) -> Job:
    return Job("summary", project.fingerprint, _summary)


def _items_job(project: _Project) -> Job:
    """The items with submissions, ascending: the consensus pages (kept apart from the
    summary, which every report reads, because it grows with the project)."""
    return Job("items", project.fingerprint, lambda s: {"items": s.item_ids})


def _per_control(
    project: _Project,
    kind: str,
    compute: Callable[[ControlSpec, Submissions], Payload],
    specs: list[ControlSpec] | None = None,
    *,
    needs_data: bool = False,
) -> list[Job]:
    return [
        Job(
            f"{kind}:{spec.name}",
            control_fingerprint(project.fingerprint, spec),
            partial(compute, spec),
            needs_data=needs_data and not is_inferred(spec),
        )
        for spec in (project.controls if specs is None else specs)
    ]


def _payloads(
    database: Database, project_id: int, jobs_for: Callable[[_Project], list[Job]], *, actor: Actor | None
) -> tuple[_Project, dict[str, Payload]]:
    """The payloads of ``jobs_for(project)``: fresh cached ones, the rest computed and stored.
    ``actor`` None: the caller has checked access already (an export)."""
    with database.session() as db:
        if actor is None:
            schema = load_schema(db.get_one(Project, project_id).schema)
        else:
            schema = load_schema(project_access(db, actor, project_id, minimum="reviewer").project.schema)
        project = _Project(project_id, list(schema.controls), submissions_fingerprint(db, project_id))
        jobs = jobs_for(project)
        payloads = cache.fresh_payloads(db, project_id, jobs)
        stale = [job for job in jobs if job.key not in payloads]
        if not stale:
            return project, payloads
        submissions = load_submissions(
            db, project_id, project.controls, with_data=any(job.needs_data for job in stale)
        )
        unchanged = submissions_fingerprint(db, project_id) == project.fingerprint
    computed = {job.key: (job.fingerprint, job.compute(submissions)) for job in stale}
    if unchanged:
        cache.store(database, project_id, computed)
    return project, payloads | {key: payload for key, (_, payload) in computed.items()}


def agreement(database: Database, actor: Actor, project_id: int) -> AgreementReport:
    def jobs(project: _Project) -> list[Job]:
        return [
            _summary_job(project),
            *_per_control(
                project,
                "agreement",
                lambda spec, s: control_agreement(spec, s.answers[spec.name]).model_dump(),
            ),
        ]

    project, payloads = _payloads(database, project_id, jobs, actor=actor)
    controls = [ControlAgreement.model_validate(payloads[f"agreement:{c.name}"]) for c in project.controls]
    alphas = [c.alpha for c in controls if c.alpha is not None and not c.too_few]
    summary = payloads["summary"]
    return AgreementReport(
        overall_alpha=fmean(alphas) if alphas else None,
        controls=controls,
        n_items=summary["n_items"],
        n_annotators=len(summary["annotators"]),
        min_items=MIN_ITEMS_FOR_RATE,
    )


def _inferred_jobs(project: _Project) -> list[Job]:
    inferred = [spec for spec in project.controls if is_inferred(spec)]
    return _per_control(project, "consensus", lambda spec, s: fit_inferred(s.answers[spec.name]), inferred)


def _model(project: _Project, payloads: dict[str, Payload]) -> ConsensusModel:
    return ConsensusModel(
        controls=project.controls,
        inferred={c.name: payloads[f"consensus:{c.name}"] for c in project.controls if is_inferred(c)},
    )


def consensus(
    database: Database, actor: Actor, project_id: int, *, page: int, page_size: int
) -> ConsensusPage:
    project, payloads = _payloads(
        database, project_id, lambda p: [_items_job(p), *_inferred_jobs(p)], actor=actor
    )
    item_ids: list[int] = payloads["items"]["items"]
    chosen = item_ids[(page - 1) * page_size : page * page_size]
    model = _model(project, payloads)
    with database.session() as db:
        answers, data = _item_answers(db, project, chosen)
    items = [
        ItemConsensus(item_id=i, controls=model.item(i, answers.get(i, {}), data.get(i, {}))) for i in chosen
    ]
    return ConsensusPage(items=items, total=len(item_ids))


def consensus_model(database: Database, project_id: int) -> ConsensusModel:
    """For an export the caller already authorised: the consensus of any item's answers."""
    project, payloads = _payloads(database, project_id, _inferred_jobs, actor=None)
    return _model(project, payloads)


def _item_answers(
    db: Session, project: _Project, item_ids: list[int]
) -> tuple[dict[int, dict[str, list[Any]]], dict[int, dict[str, Any]]]:
    """The submitted answers of a few items, per control, and those items' data."""
    answers: dict[int, dict[str, list[Any]]] = {}
    names = {c.name for c in project.controls}
    rows = db.execute(
        select(Annotation.item_id, Annotation.result)
        .where(Annotation.item_id.in_(item_ids), Annotation.status == "submitted")
        .order_by(Annotation.item_id, Annotation.id)
    )
    for item_id, result in rows:
        per_control = answers.setdefault(item_id, {})
        for name, value in result.items():
            if name in names and value is not None:
                per_control.setdefault(name, []).append(value)
    data = {i: d for i, d in db.execute(select(Item.id, Item.data).where(Item.id.in_(item_ids)))}
    return answers, data


def annotators(database: Database, actor: Actor, project_id: int) -> list[AnnotatorQuality]:
    """Each annotator against the leave-one-out consensus of the others (see scorecards.py)."""
    project, payloads = _payloads(
        database,
        project_id,
        lambda p: [_summary_job(p), *_per_control(p, "scorecards", control_scorecards, needs_data=True)],
        actor=actor,
    )
    people: dict[str, list[float]] = payloads["summary"]["annotators"]
    with database.session() as db:
        found = db.execute(select(User.id, User.email).where(User.id.in_([int(a) for a in people])))
        emails: dict[int, str] = {i: e for i, e in found}
    result = []
    for author, (count, lead_time) in people.items():
        controls = _annotator_controls(project, payloads, author)
        result.append(
            AnnotatorQuality(
                annotator=emails.get(int(author), f"deleted user {author}"),
                n_annotations=int(count),
                median_lead_time_ms=lead_time,
                controls=controls,
            )
        )
    return sorted(result, key=lambda a: a.annotator)


def _annotator_controls(
    project: _Project, payloads: dict[str, Payload], author: str
) -> dict[str, AnnotatorControlQuality]:
    controls = {}
    for spec in project.controls:
        card = payloads[f"scorecards:{spec.name}"].get(
            author, {"agreement": None, "reliability": None, "n": 0}
        )
        controls[spec.name] = AnnotatorControlQuality(
            agreement_with_consensus=rate(card["agreement"], card["n"]),
            reliability=rate(card["reliability"], card["n"]),
        )
    return controls


def agreement_by_annotator(
    database: Database, project_id: int
) -> dict[int, dict[str, AnnotatorControlQuality]]:
    """For a caller that checked access (the training scorecards): each annotator's agreement
    with the consensus per control, by user id, from the same cached parts as ``annotators``."""
    project, payloads = _payloads(
        database,
        project_id,
        lambda p: [_summary_job(p), *_per_control(p, "scorecards", control_scorecards, needs_data=True)],
        actor=None,
    )
    people: dict[str, list[float]] = payloads["summary"]["annotators"]
    return {int(author): _annotator_controls(project, payloads, author) for author in people}
