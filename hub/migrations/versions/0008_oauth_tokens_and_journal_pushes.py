"""oauth tokens and journal pushes: rotated OAuth pairs per connection; journal entries booked in a partner

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('oauth_tokens',
    sa.Column('connection', sa.String(length=100), nullable=False),
    sa.Column('access_token', sa.Text(), nullable=False),
    sa.Column('refresh_token', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('connection')
    )
    op.create_table('journal_pushes',
    sa.Column('connection', sa.String(length=100), nullable=False),
    sa.Column('entry_id', sa.String(length=300), nullable=False),
    sa.Column('partner_id', sa.String(length=100), nullable=False),
    sa.Column('pushed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('connection', 'entry_id')
    )


def downgrade() -> None:
    op.drop_table('journal_pushes')
    op.drop_table('oauth_tokens')
