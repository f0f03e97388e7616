"""v1: the items table."""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    items = op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.bulk_insert(items, [{"name": "teapot"}, {"name": "kettle"}, {"name": "cup"}])


def downgrade():
    op.drop_table("items")
