"""v4: every item gets a SKU, derived from its name, and SKU aliases live in a schema of their own.
Irreversible on purpose: the sample's way to show a down-migration that cannot run, after which relman
restores the backup it took before (and must remove the new schema too)."""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"


def upgrade():
    op.add_column("items", sa.Column("sku", sa.Text))
    op.execute("UPDATE items SET sku = upper(name)")
    op.execute("CREATE SCHEMA catalog")
    op.create_table("sku_aliases", sa.Column("alias", sa.Text, primary_key=True), sa.Column("sku", sa.Text),
                    schema="catalog")


def downgrade():
    raise RuntimeError("0003 cannot be undone: the SKUs would be lost; restore the backup taken before it")
