"""v4: price history. Fails half-way on purpose (after 0003 was committed), like a migration that
meets data it did not expect in production."""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"


def upgrade():
    op.create_table("price_history", sa.Column("item_id", sa.Integer), sa.Column("price", sa.Numeric))
    raise RuntimeError("0004 failed half-way: an item has no price (simulated)")


def downgrade():
    op.drop_table("price_history")
