"""event keys, inventory and settlement projections, discrepancy scope columns

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Events appended before this revision have no keys yet: `hub db rebuild` indexes them and fills the
inventory and settlement projections.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_keys',
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=220), nullable=False),
    sa.PrimaryKeyConstraint('event_id', 'key')
    )
    with op.batch_alter_table('event_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_keys_key'), ['key'], unique=False)

    op.create_table('inventory_skus',
    sa.Column('sku', sa.String(length=200), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sku')
    )
    op.create_table('settlements',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('account', sa.String(length=200), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=False),
    sa.Column('deposit_date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sort_key', sa.String(length=80), nullable=False),
    sa.Column('view', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('settlements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settlements_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_settlements_sort_key'), ['sort_key'], unique=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_digests', sa.JSON(), nullable=True))

    with op.batch_alter_table('discrepancies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quantity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sku', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('location', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('channel', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('settlement_id', sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f('ix_discrepancies_settlement_id'), ['settlement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discrepancies_sku'), ['sku'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('discrepancies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discrepancies_sku'))
        batch_op.drop_index(batch_op.f('ix_discrepancies_settlement_id'))
        batch_op.drop_column('settlement_id')
        batch_op.drop_column('channel')
        batch_op.drop_column('location')
        batch_op.drop_column('sku')
        batch_op.drop_column('quantity')

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('cost_digests')

    with op.batch_alter_table('settlements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settlements_sort_key'))
        batch_op.drop_index(batch_op.f('ix_settlements_channel'))

    op.drop_table('settlements')
    op.drop_table('inventory_skus')
    with op.batch_alter_table('event_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_keys_key'))

    op.drop_table('event_keys')
