"""orders.sort_key: page orders newest placement first with one keyset column

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing views get an empty key (listed last) until `hub db rebuild` folds them again.
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.String(length=80), nullable=False, server_default=""))
        batch_op.create_index("ix_orders_sort_key", ["sort_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_sort_key")
        batch_op.drop_column("sort_key")
