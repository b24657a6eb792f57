"""order aliases and event references

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_references',
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('event_id', 'alias')
    )
    with op.batch_alter_table('event_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_references_alias'), ['alias'], unique=False)

    op.create_table('order_aliases',
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('order_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('alias', 'order_id')
    )


def downgrade() -> None:
    op.drop_table('order_aliases')
    with op.batch_alter_table('event_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_references_alias'))

    op.drop_table('event_references')
