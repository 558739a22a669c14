"""predictions: models' pre-annotations per item and control; annotations record whether they
began from a prediction, how far they moved from it, and whether they were imported; projects
say whether annotators start from predictions; placeholder accounts keep an imported author's name

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    item_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "predictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", item_id, nullable=False),
        sa.Column("control", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("model_version", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_predictions_item", "predictions", ["item_id", "id"], unique=False)
    op.create_index(
        "ix_predictions_project_model", "predictions", ["project_id", "model", "model_version"], unique=False
    )
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_prediction", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("prediction_distance", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("show_predictions", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("imported_name", sa.String(length=320), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("imported_name")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("show_predictions")
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_column("imported")
        batch_op.drop_column("prediction_distance")
        batch_op.drop_column("from_prediction")
    op.drop_index("ix_predictions_project_model", table_name="predictions")
    op.drop_index("ix_predictions_item", table_name="predictions")
    op.drop_table("predictions")
