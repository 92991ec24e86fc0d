import Codecs
import Columnar
import Foundation
import OutflowTestSupport
import Parquet
import Testing

/// Independent readers and writers (Python's json and gzip, pyarrow, DuckDB) agree with ours.
@Suite(.onDedicatedThreads, .tags(.peers), .needsPeers) struct NDJSONPeerTests {
    static let rows = TestBatches.eventRows(1_500, seed: 7)

    static func written(_ compression: CompressionCodec) throws -> [UInt8] {
        let batch = try TestBatches.batch(TestBatches.eventSchema, rows)
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: TestBatches.eventSchema, compression: compression)
        try writer.write(batch)
        try writer.close()
        return sink.bytes
    }

    /// What Python should see for a row: id, timestamp text, exact revenue, user, product count.
    static func summary(_ row: [Value]) -> String {
        guard case let .int(id) = row[0], case let .decimal(revenue) = row[6] else { return "?" }
        let user: String
        if case let .string(s) = row[3] {
            user = s.replacingOccurrences(of: "\n", with: "<nl>")
        } else {
            user = "<null>"
        }
        var products = 0
        if case let .list(items) = row[9] { products = items.count }
        let sign = revenue < 0 ? "-" : ""
        var digits = String(revenue.magnitude)
        while digits.count < 5 { digits = "0" + digits }
        let exact = sign + digits.dropLast(4) + "." + digits.suffix(4)
        return "\(id)|\(exact)|\(user)|\(products)"
    }

    @Test(arguments: [CompressionCodec.none, .gzip])
    func pythonJSONReadsOurFilesExactly(compression: CompressionCodec) async throws {
        let script = """
            import sys, json, gzip, decimal
            data = open(sys.argv[1], 'rb').read()
            if data[:2] == b'\\x1f\\x8b': data = gzip.decompress(data)
            out = []
            for line in data.decode('utf-8').split('\\n'):
                if not line: continue
                r = json.loads(line, parse_float=decimal.Decimal)
                rev = decimal.Decimal(r['revenue']).quantize(decimal.Decimal('0.0001'))
                out.append('%d|%s|%s|%d' % (r['id'], rev, r.get('user', '<null>').replace('\\n', '<nl>'), len(r.get('products') or [])))
            sys.stdout.write('\\n'.join(out))
            """
        let result = try await NDJSONPythonPeer.run(script, file: try Self.written(compression), suffix: ".json")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = String(decoding: result.stdout, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        let expected = Self.rows.map(Self.summary)
        #expect(lines.count == expected.count)
        if let i = lines.indices.first(where: { $0 < expected.count && lines[$0] != expected[$0] }) {
            Issue.record("line \(i + 1): python saw \(lines[i]), expected \(expected[i])")
        }
    }

    @Test func duckDBReadsOurGzipFile() async throws {
        let script = """
            import sys, duckdb
            con = duckdb.connect()
            print(con.execute("select count(*), sum(id::hugeint), count(user), sum(len(products)) from read_json(?, format='newline_delimited', compression='gzip')", [sys.argv[1]]).fetchone())
            """
        let result = try await NDJSONPythonPeer.run(script, file: try Self.written(.gzip), suffix: ".json.gz")
        #expect(result.status == 0, "\(result.stderr)")
        let idSum = Self.rows.reduce(Int128(0)) { sum, row in
            if case let .int(id) = row[0] { return sum + Int128(id) }
            return sum
        }
        let users = Self.rows.filter { !$0[3].isNull }.count
        let products = Self.rows.reduce(0) { sum, row in
            if case let .list(items) = row[9] { return sum + items.count }
            return sum
        }
        let expected = "(\(Self.rows.count), \(idSum), \(users), \(products))"
        #expect(
            String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test func pyarrowReadsOurZstdFile() async throws {
        let script = """
            import sys, pyarrow as pa, pyarrow.json as pj
            t = pj.read_json(pa.input_stream(sys.argv[1], compression='zstd'))
            print(t.num_rows, t.column('id').to_pylist()[:2], t.column('ts').type)
            """
        let result = try await NDJSONPythonPeer.run(script, file: try Self.written(.zstd), suffix: ".json.zst")
        #expect(result.status == 0, "\(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            text == "\(Self.rows.count) [\(Int64.max), \(Int64.min)] timestamp[s]"
                || text.hasPrefix("\(Self.rows.count) [\(Int64.max), \(Int64.min)]"), "\(text)")
    }

    @Test func weReadWhatPythonWrites() async throws {
        // json.dumps escapes non-ASCII as \\uXXXX (surrogate pairs for emoji) and writes exact big integers.
        let script = """
            import sys, json, gzip
            rows = [
                {"id": 2**63 - 1, "ts": "2026-11-23T10:15:30.5-01:30", "user": "caf\\u00e9 \\U0001F600 \\"q\\" \\\\ \\t", "revenue": 12.3456},
                {"id": -2**63, "ts": "2026-11-23T10:15:30Z", "tags": ["a", None], "attrs": {"k": "v"}, "day": "2000-01-01"},
                {"id": 3, "ts": "2026-11-23T10:15:30Z", "products": [{"sku": "s", "qty": 2, "price": 9.99}], "payload": "AAEC"},
            ]
            sys.stdout.buffer.write(gzip.compress(''.join(json.dumps(r) + '\\n' for r in rows).encode()))
            """
        let result = try await NDJSONPythonPeer.run(script, input: [])
        #expect(result.status == 0, "\(result.stderr)")
        let read = try NDJSONReader(schema: TestBatches.eventSchema).read(result.stdout, fileName: "py.json.gz")
        #expect(read.errors == [])
        let rows = read.batches.flatMap(\.rows)
        try #require(rows.count == 3)
        #expect(rows[0][0] == .int(Int64.max))
        #expect(rows[0][1] == .timestamp(1_795_428_930_500_000 + 5_400_000_000))
        #expect(rows[0][3] == .string("café 😀 \"q\" \\ \t"))
        #expect(rows[0][6] == .decimal(123_456))
        #expect(rows[1][0] == .int(Int64.min))
        #expect(rows[1][10] == .list([.string("a"), .null]))
        #expect(rows[1][2] == .date(10957))
        #expect(rows[2][9] == .list([.struct([.string("s"), .int(2), .decimal(999)])]))
        #expect(rows[2][7] == .binary([0, 1, 2]))
    }
}
