"""Media files a project holds, as measured when they arrived (``services.media_library``).

One row per file in ``{media_dir}/{project_id}/{name}``: what the bytes sniffed as, their size,
and what Pillow or PyAV read from them (pixel size after EXIF orientation, duration, frame rate,
frame count, whether there is sound), so validation bounds and the labeling UI never depend on
sizes typed into item data. ``has_peaks``/``has_thumbnail`` say which derived files exist.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldlabel.db.models.base import Base, utcnow


class Media(Base):
    __tablename__ = "media"
    # The project's files by name: lookups, the paged listing and re-uploads' upserts.
    __table_args__ = (UniqueConstraint("project_id", "name", name="uq_media_project_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    bytes: Mapped[int] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    duration: Mapped[float | None] = mapped_column(Float)
    fps: Mapped[float | None] = mapped_column(Float)
    frames: Mapped[int | None] = mapped_column(Integer)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    has_peaks: Mapped[bool] = mapped_column(Boolean, default=False)
    has_thumbnail: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
