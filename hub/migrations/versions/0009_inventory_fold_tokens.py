"""inventory fold tokens: each sku row names the stock fold that wrote it, so a process resumes only its own

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inventory_skus', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fold_token', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inventory_skus', schema=None) as batch_op:
        batch_op.drop_column('fold_token')
