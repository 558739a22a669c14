"""consensus and review (issue 11): final labels with provenance and the background job leases
that keep them current; adaptive overlap, priority and assignment on items; review and
annotation history; live workshops; teams; member rates; alert rules and their firings

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:11:37.641869
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=60), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("webhook_url", sa.String(length=2000), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("firing", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert_rules", schema=None) as batch_op:
        batch_op.create_index("ix_alert_rules_project", ["project_id"], unique=False)

    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_members_user_id"), ["user_id"], unique=False)

    # --- teams ---
    op.create_table(
        "project_teams",
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("project_id", "team_id"),
    )
    with op.batch_alter_table("project_teams", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_teams_team_id"), ["team_id"], unique=False)
    # --- end teams ---

    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["trainer_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index("ix_workshops_project", ["project_id", "created_at"], unique=False)

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("webhook_status", sa.String(length=200), nullable=True),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["alert_rules.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_project", ["project_id", "fired_at"], unique=False)

    op.create_table(
        "final_labels",
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("provenance", sa.String(length=20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("agreement", sa.Float(), nullable=True),
        sa.Column("controls", sa.JSON(), nullable=False),
        sa.Column("n_annotations", sa.Integer(), nullable=False),
        sa.Column("needs_adjudication", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id"),
    )
    with op.batch_alter_table("final_labels", schema=None) as batch_op:
        batch_op.create_index(
            "ix_final_labels_adjudication", ["project_id", "needs_adjudication"], unique=False
        )
        batch_op.create_index("ix_final_labels_project", ["project_id", "item_id"], unique=False)
        # --- final labels filters ---
        batch_op.create_index("ix_final_labels_provenance", ["project_id", "provenance"], unique=False)
        batch_op.create_index("ix_final_labels_confidence", ["project_id", "confidence"], unique=False)
        batch_op.create_index("ix_final_labels_agreement", ["project_id", "agreement"], unique=False)

    op.create_table(
        "workshop_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workshop_id", "item_id", "user_id", name="uq_workshop_answer"),
    )
    op.create_table(
        "workshop_participants",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workshop_id", "user_id"),
    )
    op.create_table(
        "annotation_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["changed_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("annotation_history", schema=None) as batch_op:
        batch_op.create_index("ix_annotation_history_annotation", ["annotation_id", "id"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("guideline_section", sa.String(length=200), nullable=True),
        sa.Column("fixed_result", sa.JSON(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index("ix_reviews_annotation", ["annotation_id", "created_at"], unique=False)
        batch_op.create_index("ix_reviews_project", ["project_id", "created_at"], unique=False)
        batch_op.create_index("ix_reviews_reviewer", ["reviewer_id", "project_id"], unique=False)

    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_ms", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("review_status", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("review_tier", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(
            "ix_annotations_review", ["project_id", "review_status", "review_tier"], unique=False
        )

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overlap", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("final_stale", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_items_final_stale", ["project_id", "final_stale"], unique=False)
        batch_op.create_foreign_key(
            "fk_items_assignee", "users", ["assignee_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key("fk_items_team", "teams", ["team_id"], ["id"], ondelete="SET NULL")

    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rate_kind", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("rate", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("via_team_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_project_members_via_team", "teams", ["via_team_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consensus", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column("workload", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))

    # --- disagreements ---
    op.create_table(
        "disagreement_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("control", sa.String(length=64), nullable=False),
        sa.Column("label_a", sa.String(length=200), nullable=False),
        sa.Column("label_b", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("example_item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["example_item_id"], ["items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disagreement_actions", schema=None) as batch_op:
        batch_op.create_index("ix_disagreement_actions_project", ["project_id", "created_at"], unique=False)
    # --- end disagreements ---
    # --- final labels ---
    # Answers submitted before this version get their final labels from the background job.
    op.execute("UPDATE items SET final_stale = true WHERE submitted_count > 0 AND gold_set IS NULL")
    # --- dashboard ---
    # Submissions by time: the submissions fingerprint (count, highest id, latest updated_at, sum
    # of versions) reads only this index on SQLite (the rowid is the id), and the dashboard's and
    # the alerts' "submitted since" read a range of it instead of every project row.
    op.create_index(
        "ix_annotations_submitted",
        "annotations",
        ["project_id", "status", "updated_at", "version"],
        unique=False,
    )


def downgrade() -> None:
    # --- dashboard ---
    op.drop_index("ix_annotations_submitted", table_name="annotations")
    # --- disagreements ---
    with op.batch_alter_table("disagreement_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_disagreement_actions_project")
    op.drop_table("disagreement_actions")
    # --- end disagreements ---

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("workload")
        batch_op.drop_column("consensus")

    with op.batch_alter_table("project_members", schema=None) as batch_op:
        batch_op.drop_constraint("fk_project_members_via_team", type_="foreignkey")
        batch_op.drop_column("via_team_id")
        batch_op.drop_column("rate")
        batch_op.drop_column("rate_kind")

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_constraint("fk_items_team", type_="foreignkey")
        batch_op.drop_constraint("fk_items_assignee", type_="foreignkey")
        batch_op.drop_index("ix_items_final_stale")
        batch_op.drop_column("team_id")
        batch_op.drop_column("assignee_id")
        batch_op.drop_column("final_stale")
        batch_op.drop_column("priority")
        batch_op.drop_column("overlap")

    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_index("ix_annotations_review")
        batch_op.drop_column("review_tier")
        batch_op.drop_column("review_status")
        batch_op.drop_column("active_ms")

    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_reviewer")
        batch_op.drop_index("ix_reviews_project")
        batch_op.drop_index("ix_reviews_annotation")

    op.drop_table("reviews")
    with op.batch_alter_table("annotation_history", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_history_annotation")

    op.drop_table("annotation_history")
    op.drop_table("workshop_participants")
    op.drop_table("workshop_answers")
    with op.batch_alter_table("final_labels", schema=None) as batch_op:
        # --- final labels filters ---
        batch_op.drop_index("ix_final_labels_agreement")
        batch_op.drop_index("ix_final_labels_confidence")
        batch_op.drop_index("ix_final_labels_provenance")
        batch_op.drop_index("ix_final_labels_project")
        batch_op.drop_index("ix_final_labels_adjudication")

    op.drop_table("final_labels")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_project")

    op.drop_table("alerts")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index("ix_workshops_project")

    op.drop_table("workshops")
    # --- teams ---
    with op.batch_alter_table("project_teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_teams_team_id"))
    op.drop_table("project_teams")
    # --- end teams ---

    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_members_user_id"))

    op.drop_table("team_members")
    with op.batch_alter_table("alert_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_alert_rules_project")

    op.drop_table("alert_rules")
    op.drop_table("teams")
    op.drop_table("job_leases")
