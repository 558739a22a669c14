"""Alembic environment: the URL comes from the caller's config (goldlabel.db.migrate)."""

from alembic import context
from sqlalchemy import Connection, create_engine

from goldlabel.db.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
connection = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        render_as_batch=conn.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
elif url:
    with create_engine(url).connect() as conn:
        _run(conn)
else:
    raise RuntimeError("no database: pass a connection or sqlalchemy.url (goldlabel.db.migrate does)")
