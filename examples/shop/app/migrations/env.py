"""alembic environment: connects with libpq's PG* variables, which relman sets on the container."""
from alembic import context
from sqlalchemy import create_engine

from logging.config import fileConfig

fileConfig(context.config.config_file_name)
engine = create_engine("postgresql+psycopg2://")
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
