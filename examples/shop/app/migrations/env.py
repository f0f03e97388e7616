"""alembic environment: connects with libpq's PG* variables, which relman sets on the container."""
from alembic import context
from sqlalchemy import create_engine

from logging.config import fileConfig

fileConfig(context.config.config_file_name)
engine = create_engine("postgresql+psycopg2://")
with engine.connect() as connection:
    # One transaction per migration, as many production setups run them: a failure leaves the ones
    # before it applied, which is what a half-way failure looks like.
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
