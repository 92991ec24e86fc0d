/// One row of PostgreSQL 15's `pg_type` for a type the engine has or its catalogs mention (taken from a
/// PostgreSQL 15 cluster): what `pg_type`, `format_type` and `::regtype` read.
struct PGType: Sendable {
    var oid: UInt32
    var name: String
    /// `format_type(oid, NULL)`: the SQL name (`integer`, `character varying`, `integer[]`).
    var sqlName: String
    var length: Int
    var byValue: Bool
    /// `typtype`: `b` base, `p` pseudo-type.
    var kind: Character
    var category: Character
    var preferred: Bool
    var element: UInt32
    var array: UInt32
    /// typinput, typoutput, typreceive, typsend, typmodin, typmodout (`-` for none).
    var io: [String]
    var align: Character
    var storage: Character
    var collation: UInt32

    init(
        _ oid: UInt32, _ name: String, _ sqlName: String, length: Int, byValue: Bool, kind: Character,
        category: Character, preferred: Bool, element: UInt32, array: UInt32, io: [String], align: Character,
        storage: Character, collation: UInt32
    ) {
        self.oid = oid
        self.name = name
        self.sqlName = sqlName
        self.length = length
        self.byValue = byValue
        self.kind = kind
        self.category = category
        self.preferred = preferred
        self.element = element
        self.array = array
        self.io = io
        self.align = align
        self.storage = storage
        self.collation = collation
    }
}

/// The types of `pg_type`, by OID and by name, and `format_type`.
enum PGTypeCatalog {
    static let byOID: [UInt32: PGType] = Dictionary(uniqueKeysWithValues: types.map { ($0.oid, $0) })
    static let byName: [String: PGType] = Dictionary(uniqueKeysWithValues: types.map { ($0.name, $0) })

    /// The array type whose elements are `oid`'s type.
    static func arrayOID(of oid: UInt32) -> UInt32? {
        guard let type = byOID[oid], type.array != 0 else { return nil }
        return type.array
    }

    /// PostgreSQL's `format_type(oid, typmod)`: the SQL name with the modifier (`character varying(12)`,
    /// `numeric(10,2)`, `character(3)[]`), `???` for an unknown OID.
    static func format(_ oid: UInt32, typmod: Int32?) -> String {
        guard let type = byOID[oid] else { return "???" }
        if type.category == "A", type.element != 0, type.name.hasPrefix("_"), let element = byOID[type.element] {
            return format(element.oid, typmod: typmod) + "[]"
        }
        let modifier = typmod.flatMap { $0 >= 0 ? $0 : nil }
        switch oid {
        case PGTypeOID.bpchar:
            // PostgreSQL 15: `character` for a NULL modifier (and `regtype`), `bpchar` for -1.
            guard typmod != nil else { return "character" }
            guard let modifier else { return "bpchar" }
            return "character(\(modifier - 4))"
        case PGTypeOID.varchar:
            guard let modifier else { return "character varying" }
            return "character varying(\(modifier - 4))"
        case PGTypeOID.numeric:
            guard let modifier else { return "numeric" }
            let packed = modifier - 4
            return "numeric(\((packed >> 16) & 0xFFFF),\(packed & 0xFFFF))"
        default:
            return type.sqlName
        }
    }

    static let types: [PGType] = [
        PGType(
            16, "bool", "boolean", length: 1, byValue: true, kind: "b", category: "B", preferred: true, element: 0,
            array: 1000,
            io: ["boolin", "boolout", "boolrecv", "boolsend", "-", "-"], align: "c", storage: "p", collation: 0),
        PGType(
            17, "bytea", "bytea", length: -1, byValue: false, kind: "b", category: "U", preferred: false, element: 0,
            array: 1001,
            io: ["byteain", "byteaout", "bytearecv", "byteasend", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            18, "char", "\"char\"", length: 1, byValue: true, kind: "b", category: "Z", preferred: false, element: 0,
            array: 1002,
            io: ["charin", "charout", "charrecv", "charsend", "-", "-"], align: "c", storage: "p", collation: 0),
        PGType(
            19, "name", "name", length: 64, byValue: false, kind: "b", category: "S", preferred: false, element: 18,
            array: 1003,
            io: ["namein", "nameout", "namerecv", "namesend", "-", "-"], align: "c", storage: "p", collation: 950),
        PGType(
            20, "int8", "bigint", length: 8, byValue: true, kind: "b", category: "N", preferred: false, element: 0,
            array: 1016,
            io: ["int8in", "int8out", "int8recv", "int8send", "-", "-"], align: "d", storage: "p", collation: 0),
        PGType(
            21, "int2", "smallint", length: 2, byValue: true, kind: "b", category: "N", preferred: false, element: 0,
            array: 1005,
            io: ["int2in", "int2out", "int2recv", "int2send", "-", "-"], align: "s", storage: "p", collation: 0),
        PGType(
            22, "int2vector", "int2vector", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 21, array: 1006,
            io: ["int2vectorin", "int2vectorout", "int2vectorrecv", "int2vectorsend", "-", "-"], align: "i",
            storage: "p", collation: 0),
        PGType(
            23, "int4", "integer", length: 4, byValue: true, kind: "b", category: "N", preferred: false, element: 0,
            array: 1007,
            io: ["int4in", "int4out", "int4recv", "int4send", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            24, "regproc", "regproc", length: 4, byValue: true, kind: "b", category: "N", preferred: false, element: 0,
            array: 1008,
            io: ["regprocin", "regprocout", "regprocrecv", "regprocsend", "-", "-"], align: "i", storage: "p",
            collation: 0),
        PGType(
            25, "text", "text", length: -1, byValue: false, kind: "b", category: "S", preferred: true, element: 0,
            array: 1009,
            io: ["textin", "textout", "textrecv", "textsend", "-", "-"], align: "i", storage: "x", collation: 100),
        PGType(
            26, "oid", "oid", length: 4, byValue: true, kind: "b", category: "N", preferred: true, element: 0,
            array: 1028,
            io: ["oidin", "oidout", "oidrecv", "oidsend", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            28, "xid", "xid", length: 4, byValue: true, kind: "b", category: "U", preferred: false, element: 0,
            array: 1011,
            io: ["xidin", "xidout", "xidrecv", "xidsend", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            30, "oidvector", "oidvector", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 26, array: 1013,
            io: ["oidvectorin", "oidvectorout", "oidvectorrecv", "oidvectorsend", "-", "-"], align: "i", storage: "p",
            collation: 0),
        PGType(
            114, "json", "json", length: -1, byValue: false, kind: "b", category: "U", preferred: false, element: 0,
            array: 199,
            io: ["json_in", "json_out", "json_recv", "json_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            199, "_json", "json[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 114, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            700, "float4", "real", length: 4, byValue: true, kind: "b", category: "N", preferred: false, element: 0,
            array: 1021,
            io: ["float4in", "float4out", "float4recv", "float4send", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            701, "float8", "double precision", length: 8, byValue: true, kind: "b", category: "N", preferred: true,
            element: 0, array: 1022,
            io: ["float8in", "float8out", "float8recv", "float8send", "-", "-"], align: "d", storage: "p", collation: 0),
        PGType(
            705, "unknown", "unknown", length: -2, byValue: false, kind: "p", category: "X", preferred: false,
            element: 0, array: 0,
            io: ["unknownin", "unknownout", "unknownrecv", "unknownsend", "-", "-"], align: "c", storage: "p",
            collation: 0),
        PGType(
            1000, "_bool", "boolean[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 16, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1001, "_bytea", "bytea[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 17, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1002, "_char", "\"char\"[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 18, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1003, "_name", "name[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 19, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x",
            collation: 950),
        PGType(
            1005, "_int2", "smallint[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 21, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1007, "_int4", "integer[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 23, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1008, "_regproc", "regproc[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 24, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1009, "_text", "text[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 25, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x",
            collation: 100),
        PGType(
            1011, "_xid", "xid[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false, element: 28,
            array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1014, "_bpchar", "character[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 1042, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "bpchartypmodin", "bpchartypmodout"], align: "i",
            storage: "x", collation: 100),
        PGType(
            1015, "_varchar", "character varying[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 1043, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "varchartypmodin", "varchartypmodout"],
            align: "i", storage: "x", collation: 100),
        PGType(
            1016, "_int8", "bigint[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 20, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "d", storage: "x", collation: 0),
        PGType(
            1021, "_float4", "real[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 700, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1022, "_float8", "double precision[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 701, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "d", storage: "x", collation: 0),
        PGType(
            1028, "_oid", "oid[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false, element: 26,
            array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1033, "aclitem", "aclitem", length: 12, byValue: false, kind: "b", category: "U", preferred: false,
            element: 0, array: 1034,
            io: ["aclitemin", "aclitemout", "-", "-", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            1034, "_aclitem", "aclitem[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 1033, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1042, "bpchar", "character", length: -1, byValue: false, kind: "b", category: "S", preferred: false,
            element: 0, array: 1014,
            io: ["bpcharin", "bpcharout", "bpcharrecv", "bpcharsend", "bpchartypmodin", "bpchartypmodout"], align: "i",
            storage: "x", collation: 100),
        PGType(
            1043, "varchar", "character varying", length: -1, byValue: false, kind: "b", category: "S",
            preferred: false, element: 0, array: 1015,
            io: ["varcharin", "varcharout", "varcharrecv", "varcharsend", "varchartypmodin", "varchartypmodout"],
            align: "i", storage: "x", collation: 100),
        PGType(
            1082, "date", "date", length: 4, byValue: true, kind: "b", category: "D", preferred: false, element: 0,
            array: 1182,
            io: ["date_in", "date_out", "date_recv", "date_send", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            1083, "time", "time without time zone", length: 8, byValue: true, kind: "b", category: "D",
            preferred: false, element: 0, array: 1183,
            io: ["time_in", "time_out", "time_recv", "time_send", "timetypmodin", "timetypmodout"], align: "d",
            storage: "p", collation: 0),
        PGType(
            1114, "timestamp", "timestamp without time zone", length: 8, byValue: true, kind: "b", category: "D",
            preferred: false, element: 0, array: 1115,
            io: [
                "timestamp_in", "timestamp_out", "timestamp_recv", "timestamp_send", "timestamptypmodin",
                "timestamptypmodout",
            ], align: "d", storage: "p", collation: 0),
        PGType(
            1115, "_timestamp", "timestamp without time zone[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 1114, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "timestamptypmodin", "timestamptypmodout"],
            align: "d", storage: "x", collation: 0),
        PGType(
            1182, "_date", "date[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 1082, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            1183, "_time", "time without time zone[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 1083, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "timetypmodin", "timetypmodout"], align: "d",
            storage: "x", collation: 0),
        PGType(
            1184, "timestamptz", "timestamp with time zone", length: 8, byValue: true, kind: "b", category: "D",
            preferred: true, element: 0, array: 1185,
            io: [
                "timestamptz_in", "timestamptz_out", "timestamptz_recv", "timestamptz_send", "timestamptztypmodin",
                "timestamptztypmodout",
            ], align: "d", storage: "p", collation: 0),
        PGType(
            1185, "_timestamptz", "timestamp with time zone[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 1184, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "timestamptztypmodin", "timestamptztypmodout"],
            align: "d", storage: "x", collation: 0),
        PGType(
            1186, "interval", "interval", length: 16, byValue: false, kind: "b", category: "T", preferred: true,
            element: 0, array: 1187,
            io: [
                "interval_in", "interval_out", "interval_recv", "interval_send", "intervaltypmodin",
                "intervaltypmodout",
            ], align: "d", storage: "p", collation: 0),
        PGType(
            1187, "_interval", "interval[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 1186, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "intervaltypmodin", "intervaltypmodout"],
            align: "d", storage: "x", collation: 0),
        PGType(
            1231, "_numeric", "numeric[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 1700, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "numerictypmodin", "numerictypmodout"],
            align: "i", storage: "x", collation: 0),
        PGType(
            1700, "numeric", "numeric", length: -1, byValue: false, kind: "b", category: "N", preferred: false,
            element: 0, array: 1231,
            io: ["numeric_in", "numeric_out", "numeric_recv", "numeric_send", "numerictypmodin", "numerictypmodout"],
            align: "i", storage: "m", collation: 0),
        PGType(
            2205, "regclass", "regclass", length: 4, byValue: true, kind: "b", category: "N", preferred: false,
            element: 0, array: 2210,
            io: ["regclassin", "regclassout", "regclassrecv", "regclasssend", "-", "-"], align: "i", storage: "p",
            collation: 0),
        PGType(
            2206, "regtype", "regtype", length: 4, byValue: true, kind: "b", category: "N", preferred: false,
            element: 0, array: 2211,
            io: ["regtypein", "regtypeout", "regtyperecv", "regtypesend", "-", "-"], align: "i", storage: "p",
            collation: 0),
        PGType(
            2210, "_regclass", "regclass[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 2205, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            2211, "_regtype", "regtype[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 2206, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            2249, "record", "record", length: -1, byValue: false, kind: "p", category: "P", preferred: false,
            element: 0, array: 2287,
            io: ["record_in", "record_out", "record_recv", "record_send", "-", "-"], align: "d", storage: "x",
            collation: 0),
        PGType(
            2275, "cstring", "cstring", length: -2, byValue: false, kind: "p", category: "P", preferred: false,
            element: 0, array: 1263,
            io: ["cstring_in", "cstring_out", "cstring_recv", "cstring_send", "-", "-"], align: "c", storage: "p",
            collation: 0),
        PGType(
            2277, "anyarray", "anyarray", length: -1, byValue: false, kind: "p", category: "P", preferred: false,
            element: 0, array: 0,
            io: ["anyarray_in", "anyarray_out", "anyarray_recv", "anyarray_send", "-", "-"], align: "d", storage: "x",
            collation: 0),
        PGType(
            2278, "void", "void", length: 4, byValue: true, kind: "p", category: "P", preferred: false, element: 0,
            array: 0,
            io: ["void_in", "void_out", "void_recv", "void_send", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            2279, "trigger", "trigger", length: 4, byValue: true, kind: "p", category: "P", preferred: false,
            element: 0, array: 0,
            io: ["trigger_in", "trigger_out", "-", "-", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            2281, "internal", "internal", length: 8, byValue: true, kind: "p", category: "P", preferred: false,
            element: 0, array: 0,
            io: ["internal_in", "internal_out", "-", "-", "-", "-"], align: "d", storage: "p", collation: 0),
        PGType(
            2283, "anyelement", "anyelement", length: 4, byValue: true, kind: "p", category: "P", preferred: false,
            element: 0, array: 0,
            io: ["anyelement_in", "anyelement_out", "-", "-", "-", "-"], align: "i", storage: "p", collation: 0),
        PGType(
            2287, "_record", "record[]", length: -1, byValue: false, kind: "p", category: "P", preferred: false,
            element: 2249, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "d", storage: "x", collation: 0),
        PGType(
            4089, "regnamespace", "regnamespace", length: 4, byValue: true, kind: "b", category: "N", preferred: false,
            element: 0, array: 4090,
            io: ["regnamespacein", "regnamespaceout", "regnamespacerecv", "regnamespacesend", "-", "-"], align: "i",
            storage: "p", collation: 0),
        PGType(
            4090, "_regnamespace", "regnamespace[]", length: -1, byValue: false, kind: "b", category: "A",
            preferred: false, element: 4089, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
        PGType(
            4096, "regrole", "regrole", length: 4, byValue: true, kind: "b", category: "N", preferred: false,
            element: 0, array: 4097,
            io: ["regrolein", "regroleout", "regrolerecv", "regrolesend", "-", "-"], align: "i", storage: "p",
            collation: 0),
        PGType(
            4097, "_regrole", "regrole[]", length: -1, byValue: false, kind: "b", category: "A", preferred: false,
            element: 4096, array: 0,
            io: ["array_in", "array_out", "array_recv", "array_send", "-", "-"], align: "i", storage: "x", collation: 0),
    ]
}
