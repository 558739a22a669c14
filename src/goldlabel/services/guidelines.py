"""The project's guideline: the manager's draft, published versions (``major.minor``, never
changed once published), comparing two versions, and members' acknowledgements.

Members read what is published (with its examples, ``guideline_examples``); only managers read
and write the draft and publish. The first version is 1.0 whatever the level; ``major`` raises
the major number and resets the minor, ``minor`` raises the minor. Publishing a draft that is
the latest version's text again is refused (``guideline_unchanged``). Whether a new major
version stops an annotator's ``next`` until they acknowledge it is the queue's gate (training),
which reads the acknowledgements written here.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput, NotFound
from goldlabel.db.dialect import insert
from goldlabel.db.models import GuidelineAck, GuidelineDraft, GuidelineVersion, Member, User, utcnow
from goldlabel.services import guideline_text
from goldlabel.services.access import Actor, project_access
from goldlabel.services.guideline_examples import list_examples
from goldlabel.services.guideline_views import (
    Acknowledgement,
    AcknowledgementReport,
    AckRow,
    ChangedSectionView,
    DiffLineView,
    DraftView,
    GuidelineDiff,
    HunkView,
    Level,
    MemberAckStatus,
    PublishedGuideline,
    PublishedVersion,
    SectionView,
    VersionDetail,
    VersionView,
)
from goldlabel.services.project_lifecycle import refuse_if_archived

# The latest published version of a project: one read of the (project_id, major, minor) unique
# index. Built once: the annotation save path runs it as a scalar subquery.
LATEST_VERSION_ID = (
    select(GuidelineVersion.id)
    .where(GuidelineVersion.project_id == bindparam("project_id"))
    .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
    .limit(1)
)


def version_name(major: int, minor: int) -> str:
    return f"{major}.{minor}"


def _version_view(v: GuidelineVersion, by: str | None = None) -> VersionView:
    return VersionView(
        id=v.id,
        major=v.major,
        minor=v.minor,
        name=version_name(v.major, v.minor),
        level="major" if v.level == "major" else "minor",
        note=v.note,
        published_at=v.published_at,
        published_by=by,
    )


def sections(markdown: str) -> list[SectionView]:
    found = guideline_text.headings(markdown)
    total = len(markdown.splitlines())
    out = []
    for i, h in enumerate(found):
        end = next((later.line for later in found[i + 1 :] if later.depth <= h.depth), total)
        out.append(SectionView(anchor=h.anchor, title=h.title, depth=h.depth, line=h.line, end_line=end))
    return out


def latest_version(db: Session, project_id: int) -> GuidelineVersion | None:
    version_id = db.scalar(LATEST_VERSION_ID, {"project_id": project_id})
    return db.get(GuidelineVersion, version_id) if version_id is not None else None


def _no_guideline() -> NotFound:
    return NotFound("this project has no published guideline yet", code=ErrorCode.NO_GUIDELINE)


# ---- reading --------------------------------------------------------------------------------


def published(db: Session, actor: Actor, project_id: int) -> PublishedGuideline:
    """The latest published version with its examples, and whether the caller acknowledged it."""
    project_access(db, actor, project_id)
    version = latest_version(db, project_id)
    if version is None:
        raise _no_guideline()
    acked = db.execute(
        select(GuidelineVersion.id, GuidelineVersion.major, GuidelineVersion.minor)
        .join(GuidelineAck, GuidelineAck.version_id == GuidelineVersion.id)
        .where(GuidelineAck.project_id == project_id, GuidelineAck.user_id == actor.id)
        .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
        .limit(1)
    ).first()
    mine = db.scalar(
        select(GuidelineAck.version_id).where(
            GuidelineAck.version_id == version.id, GuidelineAck.user_id == actor.id
        )
    )
    return PublishedGuideline(
        version=_version_view(version),
        markdown=version.markdown,
        sections=sections(version.markdown),
        examples=list_examples(db, project_id),
        acknowledged=mine is not None,
        acknowledged_version=version_name(acked.major, acked.minor) if acked else None,
    )


def list_versions(db: Session, actor: Actor, project_id: int) -> list[VersionView]:
    """Every published version, newest first (members: published text is theirs to read)."""
    project_access(db, actor, project_id)
    return [_version_view(v, by) for v, by in _versions_with_publisher(db, project_id)]


def _versions_with_publisher(db: Session, project_id: int) -> list[tuple[GuidelineVersion, str | None]]:
    return [
        (v, by)
        for v, by in db.execute(
            select(GuidelineVersion, User.email)
            .outerjoin(User, User.id == GuidelineVersion.published_by)
            .where(GuidelineVersion.project_id == project_id)
            .order_by(GuidelineVersion.major.desc(), GuidelineVersion.minor.desc())
        )
    ]


def _version(db: Session, project_id: int, version_id: int) -> GuidelineVersion:
    version = db.get(GuidelineVersion, version_id)
    if version is None or version.project_id != project_id:
        raise NotFound("guideline version not found")
    return version


def get_version(db: Session, actor: Actor, project_id: int, version_id: int) -> VersionDetail:
    project_access(db, actor, project_id)
    version = _version(db, project_id, version_id)
    return VersionDetail(
        version=_version_view(version), markdown=version.markdown, sections=sections(version.markdown)
    )


def compare(db: Session, actor: Actor, project_id: int, old_id: int, new_id: int) -> GuidelineDiff:
    """The line diff from one published version to another, and the sections it touches."""
    project_access(db, actor, project_id)
    old, new = _version(db, project_id, old_id), _version(db, project_id, new_id)
    diff = guideline_text.line_diff(old.markdown, new.markdown)
    return GuidelineDiff(
        old=_version_view(old),
        new=_version_view(new),
        hunks=[
            HunkView(
                old_start=h.old_start,
                new_start=h.new_start,
                lines=[
                    DiffLineView(op=x.op, text=x.text, old_line=x.old_line, new_line=x.new_line)
                    for x in h.lines
                ],
            )
            for h in diff.hunks
        ],
        added=diff.added,
        removed=diff.removed,
        sections=[ChangedSectionView(anchor=s.anchor, title=s.title, change=s.change) for s in diff.sections],
        truncated=diff.truncated,
    )


# ---- the draft and publishing -------------------------------------------------------------


def get_draft(db: Session, actor: Actor, project_id: int) -> DraftView:
    """The manager's draft; before the first save, the latest published text (or nothing)."""
    project_access(db, actor, project_id, minimum="manager")
    return _draft_view(db, project_id)


def _draft_view(db: Session, project_id: int) -> DraftView:
    draft = db.get(GuidelineDraft, project_id)
    latest = latest_version(db, project_id)
    markdown = draft.markdown if draft else (latest.markdown if latest else "")
    by = (
        db.scalar(select(User.email).where(User.id == draft.updated_by))
        if draft and draft.updated_by
        else None
    )
    return DraftView(
        markdown=markdown,
        sections=sections(markdown),
        updated_at=draft.updated_at if draft else None,
        updated_by=by,
        latest=_version_view(latest) if latest else None,
        unpublished_changes=latest is None or latest.markdown != markdown,
        examples=list_examples(db, project_id),
    )


def save_draft(db: Session, actor: Actor, project_id: int, markdown: str) -> DraftView:
    access = project_access(db, actor, project_id, minimum="manager")
    refuse_if_archived(access.project.archived_at, "editing the guideline")
    _check_length(markdown)
    values = {"markdown": markdown, "updated_by": actor.id or None, "updated_at": utcnow()}
    stmt = insert(db, GuidelineDraft).values(project_id=project_id, **values)
    db.execute(stmt.on_conflict_do_update(index_elements=[GuidelineDraft.project_id], set_=values))
    db.expire_all()
    return _draft_view(db, project_id)


def _check_length(markdown: str) -> None:
    if len(markdown) > guideline_text.MAX_GUIDELINE_CHARS:
        raise InvalidInput(f"a guideline holds at most {guideline_text.MAX_GUIDELINE_CHARS} characters")


def publish(db: Session, actor: Actor, project_id: int, *, level: Level, note: str) -> PublishedVersion:
    """Publish the draft as the next version (1.0 first)."""
    access = project_access(db, actor, project_id, minimum="manager")
    refuse_if_archived(access.project.archived_at, "publishing the guideline")
    draft = db.get(GuidelineDraft, project_id)
    latest = latest_version(db, project_id)
    markdown = draft.markdown if draft else ""
    if not markdown.strip():
        raise InvalidInput("write the guideline in the draft before publishing it")
    if latest is not None and (draft is None or latest.markdown == markdown):
        raise Conflict(
            f"the draft is the same as version {version_name(latest.major, latest.minor)}; edit it first",
            code=ErrorCode.GUIDELINE_UNCHANGED,
        )
    if latest is None:
        major, minor = 1, 0
    elif level == "major":
        major, minor = latest.major + 1, 0
    else:
        major, minor = latest.major, latest.minor + 1
    version = GuidelineVersion(
        project_id=project_id,
        major=major,
        minor=minor,
        level=level,
        markdown=markdown,
        note=note,
        published_by=actor.id or None,
        published_at=utcnow(),
    )
    db.add(version)
    try:
        db.flush()
    except IntegrityError:  # another manager published the same number at the same moment
        raise Conflict("another version was published at the same moment; reload and publish again") from None
    return PublishedVersion(version=_version_view(version, actor.email))


# ---- acknowledgements ---------------------------------------------------------------------


def find_version(db: Session, project_id: int, version: int | str) -> GuidelineVersion:
    """A published version by id, or by its name ("2.1"); 404 otherwise."""
    if isinstance(version, int):
        return _version(db, project_id, version)
    major, dot, minor = version.strip().partition(".")
    if not (dot and major.isdigit() and minor.isdigit() and len(major) < 10 and len(minor) < 10):
        raise NotFound("guideline version not found")
    found = db.scalar(
        select(GuidelineVersion).where(
            GuidelineVersion.project_id == project_id,
            GuidelineVersion.major == int(major),
            GuidelineVersion.minor == int(minor),
        )
    )
    if found is None:
        raise NotFound("guideline version not found")
    return found


def acknowledge(db: Session, actor: Actor, project_id: int, version: int | str) -> Acknowledgement:
    """The caller read this published version (saying so again keeps the first time)."""
    project_access(db, actor, project_id)
    found = find_version(db, project_id, version)
    stmt = insert(db, GuidelineAck).values(
        version_id=found.id, user_id=actor.id, project_id=project_id, acknowledged_at=utcnow()
    )
    db.execute(stmt.on_conflict_do_nothing())
    at = db.scalar(
        select(GuidelineAck.acknowledged_at).where(
            GuidelineAck.version_id == found.id, GuidelineAck.user_id == actor.id
        )
    )
    assert at is not None
    return Acknowledgement(version=_version_view(found), acknowledged_at=at)


def acknowledgements(db: Session, actor: Actor, project_id: int) -> AcknowledgementReport:
    """For managers: who acknowledged which version, and each member's standing."""
    project_access(db, actor, project_id, minimum="manager")
    latest = latest_version(db, project_id)
    acker = aliased(User)
    rows = db.execute(
        select(GuidelineAck, GuidelineVersion.major, GuidelineVersion.minor, acker.email)
        .join(GuidelineVersion, GuidelineVersion.id == GuidelineAck.version_id)
        .join(acker, acker.id == GuidelineAck.user_id)
        .where(GuidelineAck.project_id == project_id)
        .order_by(GuidelineAck.acknowledged_at.desc(), GuidelineAck.user_id)
    ).all()
    acks = [
        AckRow(
            user_id=a.user_id,
            email=email,
            version_id=a.version_id,
            version=version_name(major, minor),
            acknowledged_at=a.acknowledged_at,
        )
        for a, major, minor, email in rows
    ]
    best: dict[int, tuple[tuple[int, int], AckRow]] = {}
    for (a, major, minor, _), row in zip(rows, acks, strict=True):
        if a.user_id not in best or (major, minor) > best[a.user_id][0]:
            best[a.user_id] = ((major, minor), row)
    members = db.execute(
        select(Member.user_id, Member.role, User.email)
        .join(User, User.id == Member.user_id)
        .where(Member.project_id == project_id)
        .order_by(User.email)
    ).all()
    statuses = []
    for m in members:
        top = best.get(m.user_id)
        statuses.append(
            MemberAckStatus(
                user_id=m.user_id,
                email=m.email,
                role=m.role,
                acknowledged_version=top[1].version if top else None,
                acknowledged_at=top[1].acknowledged_at if top else None,
                current=top is not None and latest is not None and top[1].version_id == latest.id,
            )
        )
    return AcknowledgementReport(
        latest=_version_view(latest) if latest else None, members=statuses, acknowledgements=acks
    )
