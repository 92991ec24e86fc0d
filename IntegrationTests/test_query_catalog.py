"""The system catalogs through `outflow query`: the introspection queries psql 15 sends for `\\dt`, `\\dn`, `\\l`,
`\\d web_events` and `\\df` (captured with `psql -E` against PostgreSQL 15), PgJDBC's getTables/getColumns shape
and the session functions, run on the demo lake (Sources/SQL/README.md, "Catalog functions and object
identifiers")."""
import json
from decimal import Decimal

import pytest

from conftest import Outflow


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    outflow = Outflow(tmp_path_factory.mktemp("catalog") / "data")
    outflow.run("demo", "--events", "300", "--seed", "11")
    return outflow


def rows(outflow, sql):
    out = outflow.run("query", "--format", "ndjson", sql).stdout
    return [list(json.loads(line, parse_float=Decimal).values()) for line in out.splitlines() if line]


def test_psql_dt_lists_the_demo_datasets_in_public(lake):
    sql = """SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;"""
    assert rows(lake, sql) == [["public", name, "table", "outflow"]
                               for name in ["customer_profiles", "product_catalog", "web_events"]]


def test_psql_d_table_finds_the_oid_then_its_columns(lake):
    found = rows(lake, """SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(web_events)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;""")
    assert len(found) == 1 and found[0][1:] == ["public", "web_events"]
    oid = found[0][0]
    assert oid >= 16384
    # The OID is stable: the dataset id decides it, not the statement.
    assert rows(lake, "SELECT 'web_events'::regclass::oid") == [[oid]]
    columns = rows(lake, f"""SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '{oid}' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;""")
    info = rows(lake, "SELECT column_name, data_type FROM information_schema.columns "
                      "WHERE table_name = 'web_events' ORDER BY ordinal_position")
    assert [c[0] for c in columns] == [c[0] for c in info]
    assert len(columns) > 3
    # Struct columns are records, the rest PostgreSQL's names of the lake's types.
    assert {c[1] for c in columns} <= {"text", "bigint", "integer", "double precision", "boolean", "record",
                                       "timestamp with time zone", "date", "text[]", "record[]"} | {
        c[1] for c in columns if c[1].startswith("numeric")}
    assert all(c[2] is None and c[4] is None and c[5] == "" for c in columns)


def test_psql_l_dn_df_and_session_functions(lake):
    databases = rows(lake, """SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1;""")
    assert databases == [["prod", "outflow", "UTF8", "C", "C.UTF-8", None, "libc", None]]
    assert rows(lake, """SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;""") == [["public", "outflow"]]
    assert rows(lake, """SELECT n.nspname as "Schema", p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END as "Type"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE pg_catalog.pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
ORDER BY 1, 2, 4;""") == []
    [[version, database, schema, user]] = rows(
        lake, "SELECT version(), current_database(), current_schema(), current_user")
    assert version.startswith("PostgreSQL 15.") and [database, schema, user] == ["prod", "public", "outflow"]


def test_jdbc_get_tables_and_get_columns_shapes(lake):
    tables = rows(lake, """SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,
 CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'
 WHEN true THEN CASE WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind
   WHEN 'r' THEN 'SYSTEM TABLE' WHEN 'v' THEN 'SYSTEM VIEW' WHEN 'i' THEN 'SYSTEM INDEX' ELSE NULL END
   ELSE NULL END
 WHEN false THEN CASE c.relkind WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'i' THEN 'INDEX'
   WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'c' THEN 'TYPE' WHEN 'f' THEN 'FOREIGN TABLE'
   WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END
 ELSE NULL END AS TABLE_TYPE, d.description AS REMARKS,
 '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION
 FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0 and d.classoid = 'pg_class'::regclass)
 WHERE c.relnamespace = n.oid AND c.relname LIKE '%' AND n.nspname LIKE 'public'
 AND (false OR (c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'))
 ORDER BY TABLE_TYPE, TABLE_SCHEM, TABLE_NAME""")
    assert [t[1:4] for t in tables] == [["public", name, "TABLE"]
                                       for name in ["customer_profiles", "product_catalog", "web_events"]]
    columns = rows(lake, """SELECT * FROM (SELECT n.nspname, c.relname, a.attname, a.atttypid, a.attnotnull
   OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull, a.atttypmod, a.attlen, t.typtypmod,
   row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, NULL AS attidentity,
   NULL AS attgenerated, pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc, dsc.description,
   t.typbasetype, t.typtype
 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)
 JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
 LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)
 LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
 LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')
 LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')
 WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped
 AND n.nspname LIKE 'public' AND c.relname LIKE 'web_events') c WHERE true
 ORDER BY nspname,c.relname,attnum""")
    names = rows(lake, "SELECT attname FROM pg_attribute WHERE attrelid = 'web_events'::regclass ORDER BY attnum")
    assert [c[2] for c in columns] == [n[0] for n in names]
    assert [c[8] for c in columns] == list(range(1, len(names) + 1))


def test_unsupported_catalogs_are_refused_with_0A000(lake):
    proc = lake.run("query", "SELECT * FROM pg_catalog.pg_stat_activity", check=False)
    assert proc.returncode != 0 and "SQLSTATE 0A000" in proc.stderr
