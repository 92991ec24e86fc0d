import NIOCore
import PostgresWire
import Testing

/// `CopyOutWriter` against the CopyData messages of a real PostgreSQL 15.4 (Debian's `postgresql-15`, TimeZone
/// UTC), captured once with psycopg 3 reading the raw messages of each statement, one list entry per CopyData:
///
///     with cur.copy("COPY (...) TO STDOUT WITH (...)") as copy:
///         for data in copy: print(repr(bytes(data)))   # binary ones printed with bytes.hex()
///
/// The query of each case is in its comment.
struct CopyOutWriterTests {
    /// `select * from (values (1, E'tab\there', E'nl\nx', E'cr\rx', E'back\\slash', E'\\N', ''::text, 'é'),
    /// (2, E'bs\bff\fvt' || chr(11), E'ctl\x01x', 'pipe|x', null, 'a,b', E'q"x', 'NULL')) as t(id, a, b, c, d, e, f, g)`
    static let escapeColumns =
        [WireColumn(name: "id", typeOID: WireType.int4)]
        + ["a", "b", "c", "d", "e", "f", "g"].map { WireColumn(name: $0, typeOID: WireType.text) }
    static let escapeRows: [WireRow] = [
        [
            .int32(1), .text("tab\there"), .text("nl\nx"), .text("cr\rx"), .text("back\\slash"), .text("\\N"),
            .text(""), .text("é"),
        ],
        [
            .int32(2), .text("bs\u{8}ff\u{C}vt\u{B}"), .text("ctl\u{1}x"), .text("pipe|x"), .null, .text("a,b"),
            .text("q\"x"), .text("NULL"),
        ],
    ]

    /// `select 1::int4 as i, 'héllo'::text as t, 12.50::numeric as n, date '2024-01-01' as d,
    /// timestamptz '2024-01-01 12:30:00.5+00' as ts, true as b, 0.1::float8 as f, array['red', null, 'x']::text[] as arr,
    /// 9000000000::int8 as big, null::int4 as nul, '{}'::int4[] as empty, array[1,2]::int4[] as ints
    /// union all select -2, '', -0.001, date '1999-12-31', timestamptz '1970-01-01 00:00:00+00', false, -1e20,
    /// array[]::text[], -1, 5, '{7}', null`
    static let typedColumns = [
        WireColumn(name: "i", typeOID: WireType.int4), WireColumn(name: "t", typeOID: WireType.text),
        WireColumn(name: "n", typeOID: WireType.numeric), WireColumn(name: "d", typeOID: WireType.date),
        WireColumn(name: "ts", typeOID: WireType.timestamptz), WireColumn(name: "b", typeOID: WireType.bool),
        WireColumn(name: "f", typeOID: WireType.float8), WireColumn(name: "arr", typeOID: 1009),
        WireColumn(name: "big", typeOID: WireType.int8), WireColumn(name: "nul", typeOID: WireType.int4),
        WireColumn(name: "empty", typeOID: 1007), WireColumn(name: "ints", typeOID: 1007),
    ]
    static let typedRows: [WireRow] = [
        [
            .int32(1), .text("héllo"), .numeric("12.50"), .date(8_766), .timestamptz(757_427_400_500_000), .bool(true),
            .float64(0.1), .array([.text("red"), .null, .text("x")]), .int64(9_000_000_000), .null, .array([]),
            .array([.int32(1), .int32(2)]),
        ],
        [
            .int32(-2), .text(""), .numeric("-0.001"), .date(-1), .timestamptz(-946_684_800_000_000), .bool(false),
            .float64(-1e20), .array([]), .int64(-1), .int32(5), .array([.int32(7)]), .null,
        ],
    ]

    /// The payloads of the CopyData messages `rows` make, checking each message's framing.
    static func messages(
        _ columns: [WireColumn], _ rows: [WireRow], _ options: WireCopyOut
    ) throws -> [[UInt8]] {
        var writer = CopyOutWriter(columns: columns, options: options)
        var buffer = ByteBuffer()
        for row in rows { try writer.write(row, into: &buffer) }
        writer.finish(into: &buffer)
        var payloads: [[UInt8]] = []
        while buffer.readableBytes > 0 {
            guard let type = buffer.readInteger(as: UInt8.self), let length = buffer.readInteger(as: Int32.self),
                let payload = buffer.readBytes(length: Int(length) - 4)
            else {
                Issue.record("a truncated message")
                break
            }
            #expect(type == UInt8(ascii: "d"))
            payloads.append(payload)
        }
        return payloads
    }

    static func text(_ lines: [String]) -> [[UInt8]] { lines.map { Array($0.utf8) } }

    static func hex(_ digits: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    @Test func textEscapesBackslashControlCharactersAndTheDelimiter() throws {
        // COPY (...) TO STDOUT
        #expect(
            try Self.messages(Self.escapeColumns, Self.escapeRows, WireCopyOut())
                == Self.text([
                    "1\ttab\\there\tnl\\nx\tcr\\rx\tback\\\\slash\t\\\\N\t\té\n",
                    "2\tbs\\bff\\fvt\\v\tctl\u{1}x\tpipe|x\t\\N\ta,b\tq\"x\tNULL\n",
                ]))
        // COPY (...) TO STDOUT WITH (FORMAT text, HEADER, DELIMITER '|', NULL 'NULL'): the NULL string is written as
        // it is, a value equal to it is not marked in text format.
        #expect(
            try Self.messages(
                Self.escapeColumns, Self.escapeRows,
                WireCopyOut(format: .text, delimiter: "|", null: "NULL", header: true))
                == Self.text([
                    "id|a|b|c|d|e|f|g\n",
                    "1|tab\\there|nl\\nx|cr\\rx|back\\\\slash|\\\\N||é\n",
                    "2|bs\\bff\\fvt\\v|ctl\u{1}x|pipe\\|x|NULL|a,b|q\"x|NULL\n",
                ]))
    }

    @Test func csvQuotesDelimitersQuotesLineBreaksAndTheNullString() throws {
        // COPY (...) TO STDOUT WITH (FORMAT csv, HEADER): the empty string is "" because NULL is the empty string.
        #expect(
            try Self.messages(Self.escapeColumns, Self.escapeRows, WireCopyOut(format: .csv, header: true))
                == Self.text([
                    "id,a,b,c,d,e,f,g\n",
                    "1,tab\there,\"nl\nx\",\"cr\rx\",back\\slash,\\N,\"\",é\n",
                    "2,bs\u{8}ff\u{C}vt\u{B},ctl\u{1}x,pipe|x,,\"a,b\",\"q\"\"x\",NULL\n",
                ]))
        // WITH (FORMAT csv, NULL 'NULL', DELIMITER '|'): now the text 'NULL' is quoted and the empty string is not.
        #expect(
            try Self.messages(
                Self.escapeColumns, Self.escapeRows, WireCopyOut(format: .csv, delimiter: "|", null: "NULL"))
                == Self.text([
                    "1|tab\there|\"nl\nx\"|\"cr\rx\"|back\\slash|\\N||é\n",
                    "2|bs\u{8}ff\u{C}vt\u{B}|ctl\u{1}x|\"pipe|x\"|NULL|a,b|\"q\"\"x\"|\"NULL\"\n",
                ]))
    }

    @Test func csvForceQuoteQuotesEveryValueButNull() throws {
        // WITH (FORMAT csv, FORCE_QUOTE *)
        #expect(
            try Self.messages(Self.escapeColumns, Self.escapeRows, WireCopyOut(format: .csv, forceQuote: .all))
                == Self.text([
                    "\"1\",\"tab\there\",\"nl\nx\",\"cr\rx\",\"back\\slash\",\"\\N\",\"\",\"é\"\n",
                    "\"2\",\"bs\u{8}ff\u{C}vt\u{B}\",\"ctl\u{1}x\",\"pipe|x\",,\"a,b\",\"q\"\"x\",\"NULL\"\n",
                ]))
        // WITH (FORMAT csv, FORCE_QUOTE (a, g), QUOTE '''', ESCAPE '\')
        #expect(
            try Self.messages(
                Self.escapeColumns, Self.escapeRows,
                WireCopyOut(format: .csv, quote: "'", escape: "\\", forceQuote: .columns([1, 7])))
                == Self.text([
                    "1,'tab\there','nl\nx','cr\rx',back\\slash,\\N,'','é'\n",
                    "2,'bs\u{8}ff\u{C}vt\u{B}',ctl\u{1}x,pipe|x,,'a,b',q\"x,'NULL'\n",
                ]))
        // The escape character doubles inside quotes: FORCE_QUOTE * with ESCAPE '\' quotes 'back\slash' as
        // 'back\\slash' (PostgreSQL: `copy (select E'back\\slash', 'it''s') to stdout with (format csv,
        // force_quote *, quote '''', escape '\')` gives `'back\\slash','it\'s'`).
        let columns = [WireColumn(name: "a", typeOID: WireType.text), WireColumn(name: "b", typeOID: WireType.text)]
        #expect(
            try Self.messages(
                columns, [[.text("back\\slash"), .text("it's")]],
                WireCopyOut(format: .csv, quote: "'", escape: "\\", forceQuote: .all))
                == Self.text(["'back\\\\slash','it\\'s'\n"]))
    }

    @Test func csvQuotesTheEndMarkerOnlyWhenItIsAloneOnItsLine() throws {
        let one = [WireColumn(name: "x", typeOID: WireType.text)]
        // copy (select E'\\.' as x union all select 'y') to stdout with (format csv)
        #expect(
            try Self.messages(one, [[.text("\\.")], [.text("y")]], WireCopyOut(format: .csv))
                == Self.text(["\"\\.\"\n", "y\n"]))
        // copy (select E'\\.' as x, 1 as y) to stdout with (format csv)
        let two = one + [WireColumn(name: "y", typeOID: WireType.int4)]
        #expect(
            try Self.messages(two, [[.text("\\."), .int32(1)]], WireCopyOut(format: .csv)) == Self.text(["\\.,1\n"]))
    }

    @Test func headerNamesFollowTheFormatsRules() throws {
        let columns = [
            WireColumn(name: "a,b", typeOID: WireType.int4), WireColumn(name: "q\"x", typeOID: WireType.int4),
        ]
        // copy (select 1 as "a,b", 2 as "q""x") to stdout with (format csv, header)
        #expect(
            try Self.messages(columns, [[.int32(1), .int32(2)]], WireCopyOut(format: .csv, header: true))
                == Self.text(["\"a,b\",\"q\"\"x\"\n", "1,2\n"]))
        // copy (select 1 as "a,b", 2 as "tab<TAB>x") to stdout with (header)
        let tabbed = [columns[0], WireColumn(name: "tab\tx", typeOID: WireType.int4)]
        #expect(
            try Self.messages(tabbed, [[.int32(1), .int32(2)]], WireCopyOut(header: true))
                == Self.text(["a,b\ttab\\tx\n", "1\t2\n"]))
        // copy (select ''::text as x, null::text as y) to stdout with (format csv, header, null 'x'): a name equal to
        // the NULL string is quoted like a value.
        let xy = [WireColumn(name: "x", typeOID: WireType.text), WireColumn(name: "y", typeOID: WireType.text)]
        #expect(
            try Self.messages(xy, [[.text(""), .null]], WireCopyOut(format: .csv, null: "x", header: true))
                == Self.text(["\"x\",y\n", ",x\n"]))
        // copy (select 1 where false) to stdout with (format csv, header): the header without rows.
        #expect(
            try Self.messages(
                [WireColumn(name: "?column?", typeOID: WireType.int4)], [], WireCopyOut(format: .csv, header: true))
                == Self.text(["?column?\n"]))
    }

    @Test func typedValuesInTextAndCSV() throws {
        #expect(
            try Self.messages(Self.typedColumns, Self.typedRows, WireCopyOut())
                == Self.text([
                    "1\théllo\t12.50\t2024-01-01\t2024-01-01 12:30:00.5+00\tt\t0.1\t{red,NULL,x}\t9000000000\t\\N\t{}\t{1,2}\n",
                    "-2\t\t-0.001\t1999-12-31\t1970-01-01 00:00:00+00\tf\t-1e+20\t{}\t-1\t5\t{7}\t\\N\n",
                ]))
        #expect(
            try Self.messages(Self.typedColumns, Self.typedRows, WireCopyOut(format: .csv))
                == Self.text([
                    "1,héllo,12.50,2024-01-01,2024-01-01 12:30:00.5+00,t,0.1,\"{red,NULL,x}\",9000000000,,{},\"{1,2}\"\n",
                    "-2,\"\",-0.001,1999-12-31,1970-01-01 00:00:00+00,f,-1e+20,{},-1,5,{7},\n",
                ]))
    }

    @Test func binaryHasTheSignatureTuplesAndTheTrailer() throws {
        // WITH (FORMAT binary): the signature goes with the first row, the trailer is a message of its own.
        let expected = [
            Self.hex(
                "5047434f50590aff0d0a000000000000000000000c00000004000000010000000668c3a96c6c6f0000000c000200000000"
                    + "0002000c1388000000040000223e000000080002b0e04f2663200000000101000000083fb999999999999a000000240000"
                    + "00010000000100000019000000030000000100000003726564ffffffff0000000178000000080000000218711a00ffffff"
                    + "ff0000000c000000000000000000000017000000240000000100000000000000170000000200000001000000040000000100"
                    + "00000400000002"),
            Self.hex(
                "000c00000004fffffffe000000000000000a0001ffff40000003000a00000004ffffffff00000008fffca2fec4c82000000000"
                    + "010000000008c415af1d78b58c400000000c00000000000000000000001900000008ffffffffffffffff000000040000000500"
                    + "00001c00000001000000000000001700000001000000010000000400000007ffffffff"),
            Self.hex("ffff"),
        ]
        #expect(try Self.messages(Self.typedColumns, Self.typedRows, WireCopyOut(format: .binary)) == expected)
        // copy (select 1 where false) to stdout with (format binary): signature and trailer in one message.
        #expect(
            try Self.messages([WireColumn(name: "?column?", typeOID: WireType.int4)], [], WireCopyOut(format: .binary))
                == [Self.hex("5047434f50590aff0d0a000000000000000000ffff")])
    }

    @Test func defaultsFollowTheFormat() {
        let csv = WireCopyOut(format: .csv)
        #expect(csv.delimiter == "," && csv.null == "" && csv.quote == "\"" && csv.escape == "\"")
        let text = WireCopyOut()
        #expect(text.delimiter == "\t" && text.null == "\\N" && !text.header && text.forceQuote == .none)
        #expect(WireCopyOut(format: .csv, quote: "'").escape == "'")
    }

    @Test func aValueThatCannotBeEncodedIsAnError() {
        var writer = CopyOutWriter(
            columns: [WireColumn(name: "n", typeOID: WireType.numeric)], options: WireCopyOut(format: .binary))
        var buffer = ByteBuffer()
        #expect(throws: WireError.self) { try writer.write([.numeric("1.2.3")], into: &buffer) }
    }
}
