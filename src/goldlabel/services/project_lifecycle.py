"""What archiving means, and deleting projects.

An archived project is read-only: it serves no items, takes no imports, media or
annotations, and its schema cannot change; everything stays readable and exportable, and a
manager can unarchive it. ``refuse_if_archived`` is the one rule the use cases that write
call (the queue answers "nothing left" instead).

Deleting asks for the project's name as confirmation, after a preview of what goes; the
rows go in one transaction and the project's media folder after it commits
(``MediaRemoval``), or stays if the transaction fails.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from datetime import datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from goldlabel.core.errors import Conflict, ErrorCode, InvalidInput
from goldlabel.db.models import Annotation, Assignment, Invitation, Item, Member, Project, QualityCache
from goldlabel.services.access import Actor, project_access
from goldlabel.services.media_library import DERIVED
from goldlabel.services.views import DeletionPreview

log = logging.getLogger(__name__)


def refuse_if_archived(archived_at: datetime | None, doing: str) -> None:
    """Raise 409 ``project_archived`` if the project is archived; ``doing`` names the refused act."""
    if archived_at is not None:
        raise Conflict(
            f"this project is archived, so {doing} is not possible; a manager can unarchive it "
            "in the project's settings",
            code=ErrorCode.PROJECT_ARCHIVED,
        )


def _media_dir(media_root: Path, project_id: int) -> Path:
    # The layout services.media writes: one folder per project id under the media root.
    return media_root / str(project_id)


def deletion_preview(db: Session, actor: Actor, project_id: int, media_root: Path) -> DeletionPreview:
    """What deleting the project would remove (managers only)."""
    project = project_access(db, actor, project_id, minimum="manager").project
    statuses = dict(
        db.execute(
            select(Annotation.status, func.count())
            .where(Annotation.project_id == project_id)
            .group_by(Annotation.status)
        ).all()
    )
    # The uploaded files; their derived peaks and thumbnails go too but are not media a person chose.
    folder = _media_dir(media_root, project_id)
    files = [p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] != DERIVED]
    return DeletionPreview(
        name=project.name,
        items=db.scalar(select(func.count()).where(Item.project_id == project_id)) or 0,
        annotations=sum(statuses.values()),
        submitted=statuses.get("submitted", 0),
        drafts=statuses.get("draft", 0),
        members=db.scalar(select(func.count()).where(Member.project_id == project_id)) or 0,
        invitations=db.scalar(select(func.count()).where(Invitation.project_id == project_id)) or 0,
        media_files=len(files),
        media_bytes=sum(p.stat().st_size for p in files),
    )


def delete_project(db: Session, actor: Actor, project_id: int, *, confirm: str) -> None:
    """Delete the project and everything in it, if ``confirm`` is its name (managers only)."""
    project = project_access(db, actor, project_id, minimum="manager").project
    if confirm.strip() != project.name:
        raise InvalidInput(
            "type the project's name to confirm its deletion", code=ErrorCode.CONFIRMATION_REQUIRED
        )
    # Children first, explicitly: the same statements on every database, whatever its
    # foreign-key enforcement.
    for table in (QualityCache, Annotation, Assignment, Item, Invitation, Member):
        db.execute(delete(table).where(table.project_id == project_id))
    db.execute(delete(Project).where(Project.id == project_id))


class MediaRemoval:
    """Removes a project's media folder once the deleting transaction has committed.

    Used as the outer context of the transaction: ``stash`` moves the folder aside (so the
    project's files stop being served at once); on success it is deleted, on failure moved back.
    """

    def __init__(self, media_root: Path, project_id: int) -> None:
        self.folder = _media_dir(media_root, project_id)
        self.stashed: Path | None = None

    def __enter__(self) -> MediaRemoval:
        return self

    def stash(self) -> None:
        if self.folder.is_dir():
            self.stashed = self.folder.with_name(f".deleted-{self.folder.name}-{secrets.token_hex(4)}")
            self.folder.rename(self.stashed)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.stashed is None:
            return
        if kind is not None:
            self.stashed.rename(self.folder)
            return
        try:
            shutil.rmtree(self.stashed)
        except OSError:
            log.exception("could not remove %s; delete it by hand", self.stashed)
