"""What stands between an annotator and production items: ``next`` calls ``enforce`` before it
claims anything. One prebuilt statement reads all it decides on (the project's training
settings, the current guideline major and the caller's acknowledgement of it, an open pause,
the caller's certification and the guideline major it was earned under), so the check costs
one indexed round trip. Managers are never gated.

Refusals are 403 with a code and a message saying what to do:
``acknowledge_guideline`` (a guideline is published and no version of its current major is
acknowledged), ``paused`` (an open pause; ``reason`` says why), ``certification_required``
(certification required and none held, or re-certification on a major version asked and the
certification predates the current major), ``open_review_feedback`` (a reviewer rejected work of
theirs and they have not opened the feedback yet: ``services.review_feedback``).
"""

from __future__ import annotations

from sqlalchemy import BindParameter, Connection, bindparam, exists, func, select
from sqlalchemy.orm import aliased

from goldlabel.core.errors import ErrorCode, Forbidden
from goldlabel.db.models import (
    Annotation,
    Certification,
    GuidelineAck,
    GuidelineVersion,
    Pause,
    Project,
    Review,
    UTCDateTime,
)
from goldlabel.services import clock
from goldlabel.services.access import passes_training_gates
from goldlabel.services.training_settings import read_settings
from goldlabel.services.views import Role

_P: BindParameter[int] = bindparam("gate_project_id")
_U: BindParameter[int] = bindparam("gate_user_id")
_CURRENT_MAJOR = (
    select(func.max(GuidelineVersion.major)).where(GuidelineVersion.project_id == _P).scalar_subquery()
)
# Versions of the current major (``guideline_versions.project_id`` index), each probed for the
# caller's acknowledgement by the acks' primary key (version_id, user_id).
_VERSION = aliased(GuidelineVersion)
_ACKED = (
    select(_VERSION.id)
    .where(
        _VERSION.project_id == _P,
        _VERSION.major == _CURRENT_MAJOR,
        exists().where(GuidelineAck.version_id == _VERSION.id, GuidelineAck.user_id == _U),
    )
    .exists()
)
_PAUSE_REASON = (
    select(Pause.reason)
    .where(
        Pause.project_id == _P,
        Pause.user_id == _U,
        Pause.lifted_at.is_(None),
        Pause.started_at <= bindparam("gate_now", type_=UTCDateTime()),
    )
    .order_by(Pause.started_at.desc())
    .limit(1)
    .scalar_subquery()
)
_CERTIFIED = exists().where(Certification.project_id == _P, Certification.user_id == _U)
_CERT_MAJOR = (
    select(GuidelineVersion.major)
    .select_from(Certification)
    .join(GuidelineVersion, GuidelineVersion.id == Certification.guideline_version_id)
    .where(Certification.project_id == _P, Certification.user_id == _U)
    .scalar_subquery()
)
# Rejected work of the caller's whose rejection they have not opened (``ix_annotations_review``).
_UNOPENED = exists().where(
    Annotation.project_id == _P,
    Annotation.review_status == "rejected",
    Annotation.author_id == _U,
    exists().where(
        Review.annotation_id == Annotation.id, Review.verdict == "reject", Review.opened_at.is_(None)
    ),
)
GATES = select(
    Project.training,
    _CURRENT_MAJOR.label("current_major"),
    _ACKED.label("acknowledged"),
    _PAUSE_REASON.label("pause_reason"),
    _CERTIFIED.label("certified"),
    _CERT_MAJOR.label("cert_major"),
    _UNOPENED.label("unopened_feedback"),
).where(Project.id == _P)


def enforce(conn: Connection, project_id: int, user_id: int, role: Role) -> None:
    """Raise Forbidden with what to do when the caller may not label production items yet."""
    if passes_training_gates(role):
        return
    row = conn.execute(
        GATES, {"gate_project_id": project_id, "gate_user_id": user_id, "gate_now": clock.now()}
    ).first()
    if row is None:
        return  # the project went away: the queue says 404 itself
    if row.current_major is not None and not row.acknowledged:
        raise Forbidden(
            f"version {row.current_major} of the guideline is published: read it and acknowledge it "
            "before your next item",
            code=ErrorCode.ACKNOWLEDGE_GUIDELINE,
        )
    if row.pause_reason is not None:
        raise Forbidden(
            f"you are paused: {row.pause_reason} Practise the refresher items, then pass the exam again.",
            code=ErrorCode.PAUSED,
            reason=row.pause_reason,
        )
    settings = read_settings(row.training)
    if settings.require_certification and not row.certified:
        raise Forbidden(
            "this project needs certification: practise, then pass the exam (see your training page)",
            code=ErrorCode.CERTIFICATION_REQUIRED,
        )
    if (
        settings.recertify_on_major
        and row.certified
        and row.current_major is not None
        and (row.cert_major is None or row.cert_major < row.current_major)
    ):
        raise Forbidden(
            f"guideline version {row.current_major} asks for certification again: pass the exam "
            "(see your training page)",
            code=ErrorCode.CERTIFICATION_REQUIRED,
        )
    if row.unopened_feedback:
        raise Forbidden(
            "a reviewer sent work of yours back: open the feedback in My work before your next item",
            code=ErrorCode.OPEN_REVIEW_FEEDBACK,
        )
