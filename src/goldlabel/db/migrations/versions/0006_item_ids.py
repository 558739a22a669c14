"""random item ids: items.id and every column pointing at it 64-bit (BIGINT) on PostgreSQL;
ix_items_gold in queue order (project_id, gold_set, rank)

Item ids are now drawn at random below 2**53 (``goldlabel.db.ids``) so that an id says nothing
about the batch an item came with (honeypots must look like production items). SQLite's
INTEGER PRIMARY KEY is already 64-bit: only the index changes there (the honeypot ``next``
serves is then a range read in queue order). Items that exist keep their ids.
Going down narrows the columns back to INTEGER, which fails once an id above 2**31 is stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 06:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (table, column) pointing at items.id (directly or through gold.item_id), then items.id itself.
COLUMNS = (
    ("assignments", "item_id", False),
    ("annotations", "item_id", False),
    ("gold", "item_id", False),
    ("guideline_examples", "item_id", False),
    ("practice_answers", "item_id", False),
    ("exam_answers", "item_id", False),
    ("questions", "item_id", True),
    ("items", "id", False),
)


def upgrade() -> None:
    op.drop_index("ix_items_gold", table_name="items")
    op.create_index("ix_items_gold", "items", ["project_id", "gold_set", "rank"], unique=False)
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, col, nullable in COLUMNS:
        op.alter_column(
            name, col, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=nullable
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, col, nullable in reversed(COLUMNS):
            op.alter_column(
                name, col, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=nullable
            )
    op.drop_index("ix_items_gold", table_name="items")
    op.create_index("ix_items_gold", "items", ["project_id", "gold_set"], unique=False)
