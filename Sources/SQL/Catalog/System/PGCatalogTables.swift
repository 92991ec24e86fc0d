import Columnar

/// The tables of `pg_catalog` and `information_schema` (`SystemTable`), by schema and name.
enum SystemTables {
    static let all: [SystemTable] = pgCatalog + InformationSchemaTables.all

    static func find(_ name: String, in schema: SystemTable.Schema) -> SystemTable? {
        all.first { $0.schema == schema && $0.name == name }
    }

    static let pgCatalog: [SystemTable] = [
        SystemTable(
            .pgCatalog, "pg_namespace", oid: 2615, "oid:o nspname nspowner:o nspacl:T",
            rows: { _ in
                [
                    [.oid(SystemNamespace.pgCatalog), .text("pg_catalog"), .oid(SystemNamespace.owner), .null],
                    [.oid(SystemNamespace.publicSchema), .text("public"), .oid(SystemNamespace.owner), .null],
                    [
                        .oid(SystemNamespace.informationSchema), .text("information_schema"),
                        .oid(SystemNamespace.owner), .null,
                    ],
                ]
            }),
        SystemTable(
            .pgCatalog, "pg_class", oid: 1259,
            """
            oid:o relname relnamespace:o reltype:o reloftype:o relowner:o relam:o relfilenode:o reltablespace:o \
            relpages:i4 reltuples:f4 relallvisible:i4 reltoastrelid:o relhasindex:b relisshared:b relpersistence \
            relkind relnatts:i2 relchecks:i2 relhasrules:b relhastriggers:b relhassubclass:b relrowsecurity:b \
            relforcerowsecurity:b relispopulated:b relreplident relispartition:b relrewrite:o relacl:T \
            reloptions:T relpartbound
            """,
            rows: PGClassRows.pgClass),
        SystemTable(
            .pgCatalog, "pg_attribute", oid: 1249,
            """
            attrelid:o attname atttypid:o attstattarget:i4 attlen:i2 attnum:i2 attndims:i4 attcacheoff:i4 \
            atttypmod:i4 attbyval:b attalign attstorage attcompression attnotnull:b atthasdef:b atthasmissing:b \
            attidentity attgenerated attisdropped:b attislocal:b attinhcount:i4 attcollation:o attacl:T \
            attoptions:T attfdwoptions:T
            """,
            rows: PGClassRows.pgAttribute),
        SystemTable(
            .pgCatalog, "pg_type", oid: 1247,
            """
            oid:o typname typnamespace:o typowner:o typlen:i2 typbyval:b typtype typcategory typispreferred:b \
            typisdefined:b typdelim typrelid:o typelem:o typarray:o typinput:p typoutput:p typreceive:p typsend:p \
            typmodin:p typmodout:p typanalyze:p typalign typstorage typnotnull:b typbasetype:o typtypmod:i4 typndims:i4 \
            typcollation:o typdefaultbin typdefault typacl:T
            """,
            rows: { _ in PGClassRows.pgType() }),
        SystemTable(
            .pgCatalog, "pg_proc", oid: 1255,
            """
            oid:o proname pronamespace:o proowner:o prolang:o procost:f4 prorows:f4 provariadic:o prosupport \
            prokind prosecdef:b proleakproof:b proisstrict:b proretset:b provolatile proparallel pronargs:i2 \
            pronargdefaults:i2 prorettype:o proargtypes:O proallargtypes:O proargmodes:T proargnames:T \
            proargdefaults prosrc probin proconfig:T proacl:T
            """,
            rows: PGProcRows.rows),
        SystemTable(
            .pgCatalog, "pg_range", oid: 3541,
            "rngtypid:o rngsubtype:o rngmultitypid:o rngcollation:o rngsubopc:o rngcanonical rngsubdiff"),
        SystemTable(.pgCatalog, "pg_enum", oid: 3501, "oid:o enumtypid:o enumsortorder:f4 enumlabel"),
        SystemTable(
            .pgCatalog, "pg_database", oid: 1262,
            """
            oid:o datname datdba:o encoding:i4 datlocprovider datistemplate:b datallowconn:b datconnlimit:i4 \
            datfrozenxid:i8 datminmxid:i8 dattablespace:o datcollate datctype daticulocale datcollversion datacl:T
            """,
            rows: { snapshot in
                snapshot.databases.map { database in
                    [
                        .oid(database.oid), .text(database.name), .oid(SystemNamespace.owner), .number(6),
                        .text("c"), .boolean(false), .boolean(true), .number(-1), .number(0), .number(1),
                        .oid(1663), .text("C"), .text("C.UTF-8"), .null, .null, .null,
                    ]
                }
            }),
        SystemTable(
            .pgCatalog, "pg_settings", oid: 12000, kind: "v",
            "name setting unit category short_desc extra_desc context vartype source boot_val reset_val",
            rows: PGSettingsRows.rows),
        SystemTable(.pgCatalog, "pg_description", oid: 2609, "objoid:o classoid:o objsubid:i4 description"),
        SystemTable(.pgCatalog, "pg_shdescription", oid: 2396, "objoid:o classoid:o description"),
        SystemTable(
            .pgCatalog, "pg_index", oid: 2610,
            """
            indexrelid:o indrelid:o indnatts:i2 indnkeyatts:i2 indisunique:b indnullsnotdistinct:b indisprimary:b \
            indisexclusion:b indimmediate:b indisclustered:b indisvalid:b indcheckxmin:b indisready:b indislive:b \
            indisreplident:b indkey:I indcollation:O indclass:O indoption:I indexprs indpred
            """),
        SystemTable(
            .pgCatalog, "pg_constraint", oid: 2606,
            """
            oid:o conname connamespace:o contype condeferrable:b condeferred:b convalidated:b conrelid:o \
            contypid:o conindid:o conparentid:o confrelid:o confupdtype confdeltype confmatchtype conislocal:b \
            coninhcount:i4 connoinherit:b conkey:I confkey:I conpfeqop:O conppeqop:O conffeqop:O confdelsetcols:I \
            conexclop:O conbin
            """),
        SystemTable(.pgCatalog, "pg_attrdef", oid: 2604, "oid:o adrelid:o adnum:i2 adbin"),
        SystemTable(
            .pgCatalog, "pg_am", oid: 2601, "oid:o amname amhandler amtype",
            rows: { _ in
                [
                    [.oid(2), .text("heap"), .text("heap_tableam_handler"), .text("t")],
                    [.oid(403), .text("btree"), .text("bthandler"), .text("i")],
                    [.oid(405), .text("hash"), .text("hashhandler"), .text("i")],
                ]
            }),
        SystemTable(
            .pgCatalog, "pg_roles", oid: 12001, kind: "v",
            """
            rolname rolsuper:b rolinherit:b rolcreaterole:b rolcreatedb:b rolcanlogin:b rolreplication:b \
            rolconnlimit:i4 rolpassword rolvaliduntil rolbypassrls:b rolconfig:T oid:o
            """,
            rows: { snapshot in
                [
                    [
                        .text(snapshot.session.user), .boolean(false), .boolean(true), .boolean(false),
                        .boolean(false), .boolean(true), .boolean(false), .number(-1), .text("********"), .null,
                        .boolean(false), .null, .oid(SystemNamespace.owner),
                    ]
                ]
            }),
        SystemTable(
            .pgCatalog, "pg_user", oid: 12002, kind: "v",
            "usename usesysid:o usecreatedb:b usesuper:b userepl:b usebypassrls:b passwd valuntil useconfig:T",
            rows: { snapshot in
                [
                    [
                        .text(snapshot.session.user), .oid(SystemNamespace.owner), .boolean(false), .boolean(false),
                        .boolean(false), .boolean(false), .text("********"), .null, .null,
                    ]
                ]
            }),
        SystemTable(
            .pgCatalog, "pg_tables", oid: 12003, kind: "v",
            "schemaname tablename tableowner tablespace hasindexes:b hasrules:b hastriggers:b rowsecurity:b",
            rows: { snapshot in
                snapshot.relations.filter { $0.kind == "r" }.map { relation in
                    [
                        .text(CatalogSnapshot.namespaceName(relation.namespace)), .text(relation.name),
                        .text(snapshot.session.user), .null, .boolean(false), .boolean(false), .boolean(false),
                        .boolean(false),
                    ]
                }
            }),
        SystemTable(
            .pgCatalog, "pg_views", oid: 12004, kind: "v", "schemaname viewname viewowner definition",
            rows: { snapshot in
                snapshot.relations.filter { $0.kind == "v" }.map { relation in
                    [
                        .text(CatalogSnapshot.namespaceName(relation.namespace)), .text(relation.name),
                        .text(snapshot.session.user), .text(relation.definition),
                    ]
                }
            }),
        SystemTable(
            .pgCatalog, "pg_range", oid: 3541,
            "rngtypid:o rngsubtype:o rngmultitypid:o rngcollation:o rngsubopc:o rngcanonical rngsubdiff"),
        SystemTable(.pgCatalog, "pg_enum", oid: 3501, "oid:o enumtypid:o enumsortorder:f4 enumlabel"),
        SystemTable(
            .pgCatalog, "pg_collation", oid: 3456,
            """
            oid:o collname collnamespace:o collowner:o collprovider collisdeterministic:b collencoding:i4 \
            collcollate collctype colliculocale collversion
            """,
            rows: { _ in
                [
                    [
                        .oid(100), .text("default"), .oid(11), .oid(10), .text("d"), .boolean(true), .number(-1),
                        .null, .null, .null, .null,
                    ],
                    [
                        .oid(950), .text("C"), .oid(11), .oid(10), .text("c"), .boolean(true), .number(-1),
                        .text("C"), .text("C"), .null, .null,
                    ],
                    [
                        .oid(951), .text("POSIX"), .oid(11), .oid(10), .text("c"), .boolean(true), .number(-1),
                        .text("POSIX"), .text("POSIX"), .null, .null,
                    ],
                ]
            }),
        SystemTable(.pgCatalog, "pg_inherits", oid: 2611, "inhrelid:o inhparent:o inhseqno:i4 inhdetachpending:b"),
        SystemTable(
            .pgCatalog, "pg_policy", oid: 3256,
            "oid:o polname polrelid:o polcmd polpermissive:b polroles:O polqual polwithcheck"),
        SystemTable(
            .pgCatalog, "pg_statistic_ext", oid: 3381,
            "oid:o stxrelid:o stxname stxnamespace:o stxowner:o stxstattarget:i4 stxkeys:I stxkind:T stxexprs"),
        SystemTable(
            .pgCatalog, "pg_publication", oid: 6104,
            """
            oid:o pubname pubowner:o puballtables:b pubinsert:b pubupdate:b pubdelete:b pubtruncate:b \
            pubviaroot:b
            """),
        SystemTable(.pgCatalog, "pg_publication_rel", oid: 6106, "oid:o prpubid:o prrelid:o prqual prattrs:I"),
        SystemTable(.pgCatalog, "pg_publication_namespace", oid: 6237, "oid:o pnpubid:o pnnspid:o"),
        SystemTable(
            .pgCatalog, "pg_trigger", oid: 2620,
            "oid:o tgrelid:o tgparentid:o tgname tgfoid:o tgtype:i2 tgenabled tgisinternal:b tgconstrrelid:o"),
        SystemTable(
            .pgCatalog, "pg_tablespace", oid: 1213, "oid:o spcname spcowner:o spcacl:T spcoptions:T",
            rows: { _ in
                [
                    [.oid(1663), .text("pg_default"), .oid(10), .null, .null],
                    [.oid(1664), .text("pg_global"), .oid(10), .null, .null],
                ]
            }),
        SystemTable(
            .pgCatalog, "pg_extension", oid: 3079,
            "oid:o extname extowner:o extnamespace:o extrelocatable:b extversion extconfig:O extcondition:T"),
    ]
}
