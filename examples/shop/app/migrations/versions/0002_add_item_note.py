"""v2: every item gets a note."""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("items", sa.Column("note", sa.Text, nullable=False, server_default=""))


def downgrade():
    op.drop_column("items", "note")
