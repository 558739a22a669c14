"""annotator training: guidelines (drafts, versions, acknowledgements, examples), gold, practice
answers, exam attempts and answers, certifications; items.gold_set, annotations' guideline
version, projects' training settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 06:00:36.064132
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guideline_drafts",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("project_id"),
    )
    op.create_table(
        "guideline_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("major", sa.Integer(), nullable=False),
        sa.Column("minor", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "major", "minor", name="uq_guideline_version"),
    )
    with op.batch_alter_table("guideline_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guideline_versions_project_id"), ["project_id"], unique=False)

    op.create_table(
        "exam_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.Column("guideline_version_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["guideline_version_id"], ["guideline_versions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("exam_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_exam_attempts_user", ["project_id", "user_id", "started_at"], unique=False)

    op.create_table(
        "gold",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("explanations", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_annotation_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("gold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gold_project_id"), ["project_id"], unique=False)

    op.create_table(
        "guideline_acks",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["guideline_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("version_id", "user_id"),
    )
    op.create_table(
        "practice_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("guideline_version_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["guideline_version_id"], ["guideline_versions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("practice_answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_practice_answers_user", ["project_id", "user_id", "created_at"], unique=False
        )

    op.create_table(
        "certifications",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("guideline_version_id", sa.Integer(), nullable=True),
        sa.Column("certified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["exam_attempts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["guideline_version_id"], ["guideline_versions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "user_id"),
    )
    op.create_table(
        "exam_answers",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["exam_attempts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attempt_id", "item_id"),
    )
    op.create_table(
        "guideline_examples",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("control", sa.String(length=64), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("wrong_result", sa.JSON(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["gold.item_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("guideline_examples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guideline_examples_project_id"), ["project_id"], unique=False)

    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guideline_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_annotations_guideline_version",
            "guideline_versions",
            ["guideline_version_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gold_set", sa.String(length=20), nullable=True))
        batch_op.create_index("ix_items_gold", ["project_id", "gold_set"], unique=False)

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("training", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("training")

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_gold")
        batch_op.drop_column("gold_set")

    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_constraint("fk_annotations_guideline_version", type_="foreignkey")
        batch_op.drop_column("guideline_version_id")

    with op.batch_alter_table("guideline_examples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guideline_examples_project_id"))

    op.drop_table("guideline_examples")
    op.drop_table("exam_answers")
    op.drop_table("certifications")
    with op.batch_alter_table("practice_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_answers_user")

    op.drop_table("practice_answers")
    op.drop_table("guideline_acks")
    with op.batch_alter_table("gold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gold_project_id"))

    op.drop_table("gold")
    with op.batch_alter_table("exam_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_attempts_user")

    op.drop_table("exam_attempts")
    with op.batch_alter_table("guideline_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guideline_versions_project_id"))

    op.drop_table("guideline_versions")
    op.drop_table("guideline_drafts")
