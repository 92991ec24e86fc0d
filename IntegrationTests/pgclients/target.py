"""The server a client test talks to: where it listens and how to log in, and the PostgreSQL 15 reference target
loaded with the demo datasets in database `prod`, schema `public` (as Outflow serves sandbox `prod`).

Every target listens on 127.0.0.1 (the tests send traffic nowhere else)."""
from dataclasses import dataclass

from sqllogic import demo_data

DATABASE = "prod"


@dataclass(frozen=True)
class Target:
    name: str          # "postgres" or "outflow": which expectations apply (see test_pg_clients.py)
    host: str
    port: int
    user: str
    password: str
    database: str = DATABASE

    def __post_init__(self):
        if not self.host.startswith("127."):
            raise ValueError(f"client tests talk to 127.0.0.0/8 only, not {self.host}")

    def libpq_dsn(self) -> str:
        return (f"host={self.host} port={self.port} user={self.user} password={self.password} "
                f"dbname={self.database} connect_timeout=10 application_name=outflow-pgclients")

    def jdbc_url(self, **options) -> str:
        query = "&".join(f"{k}={v}" for k, v in options.items())
        return f"jdbc:postgresql://{self.host}:{self.port}/{self.database}" + (f"?{query}" if query else "")


def load_postgres_target(peer, demo_files: dict) -> Target:
    """Creates database `prod` in the PostgreSQL peer with the demo datasets as tables of schema `public`
    (nested fields as composite types, as `sqllogic/demo_data.py` loads them) and returns it as a Target."""
    admin = peer.connect()
    try:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    finally:
        admin.close()
    conn = peer.connect(DATABASE)
    try:
        # Loaded into a schema of its own, then moved into `public`: recreating `public` would change its OID
        # (2200), which the corpus's catalog queries expect.
        demo_data.load_postgres(conn, demo_files, schema="demo")
        moves = conn.execute(
            "SELECT CASE WHEN c.relkind = 'r' THEN 'TABLE' END, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'demo' AND c.relkind = 'r' "
            "UNION ALL SELECT 'TYPE', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = 'demo' AND t.typtype = 'c' AND t.typrelid IN "
            "(SELECT oid FROM pg_class WHERE relkind = 'c')").fetchall()
        for kind, name in moves:
            conn.execute(f'ALTER {kind} demo."{name}" SET SCHEMA public')
        conn.execute("DROP SCHEMA demo")
        conn.execute(f"ALTER DATABASE {DATABASE} SET TimeZone = 'UTC'")
    finally:
        conn.close()
    return Target("postgres", "127.0.0.1", peer.port, "outflow", peer.password)
