import Codecs
import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Malformed files fail with a `ParquetError`, never a crash or a hang.
@Suite(.onDedicatedThreads) struct MalformedInputTests {
    static func sampleFile(options: ParquetWriter.Options) throws -> [UInt8] {
        let c = CompatCase(
            name: "fuzz", schema: CompatCase.all.first { $0.name.hasPrefix("wide") }?.schema ?? Schema([]),
            rowCount: 12, options: options, seed: 7)
        return try Fixtures.write(c.schema, try c.batches(), options: options)
    }

    /// Reads everything; returns normally for a valid result, throws ParquetError otherwise.
    static func readFully(_ bytes: [UInt8]) throws(ParquetError) {
        let reader = try ParquetReader(bytes: bytes, name: "mutant")
        _ = try reader.readAll()
        _ = reader.rowGroups(matching: .compare(column: "int32", .greater, .int(0)))
        _ = ParquetInspector.describe(reader)
    }

    @Test func badMagicIsReported() throws {
        var bytes = try Self.sampleFile(options: .init())
        bytes[0] = 0x50 ^ 0xFF
        #expect {
            try ParquetReader(bytes: bytes, name: "x")
        } throws: { ($0 as? ParquetError)?.code == .badMagic }
    }

    @Test func tinyFilesAreTruncated() {
        #expect { try ParquetReader(bytes: Array("PAR1PAR1".utf8), name: "x") } throws: {
            ($0 as? ParquetError)?.code == .truncated
        }
    }

    @Test func truncatedFilesFailAtEveryLength() throws {
        let bytes = try Self.sampleFile(options: .init(codec: .snappy))
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: ParquetError.self) { try Self.readFully(Array(bytes[..<length])) }
        }
    }

    @Test func unsupportedCodecIsNamed() throws {
        let bytes = try Self.sampleFile(options: .init(codec: .none))
        let reader = try ParquetReader(bytes: bytes, name: "x")
        var meta = reader.metadata
        for g in meta.rowGroups.indices {
            for c in meta.rowGroups[g].columns.indices {
                meta.rowGroups[g].columns[c].metaData?.codec = ThriftCodec.lz4.rawValue
            }
        }
        let patched = FooterPatch.replaceFooter(bytes, with: meta)
        #expect {
            try ParquetReader(bytes: patched, name: "x").readAll()
        } throws: { error in
            guard let e = error as? ParquetError else { return false }
            return e.code == .unsupported && e.message.contains("LZ4")
        }
    }

    @Test(arguments: [
        ("v1-zstd-dict", ParquetWriter.Options(pageBytes: 64, codec: .zstd)),
        ("v2-none-plain", ParquetWriter.Options(pageBytes: 64, codec: .none, dictionary: false, dataPageVersion: 2)),
        ("v1-none-dict", ParquetWriter.Options(pageBytes: 64, codec: .none)),
        ("v2-snappy-dict", ParquetWriter.Options(pageBytes: 128, codec: .snappy, dataPageVersion: 2)),
        ("v1-gzip-plain", ParquetWriter.Options(codec: .gzip, dictionary: false)),
    ])
    func seededByteMutationsNeverCrash(_ label: String, _ options: ParquetWriter.Options) throws {
        let original = try Self.sampleFile(options: options)
        var mutator = Mutator(seed: UInt64(label.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        var failures = 0
        for _ in 0..<1000 {
            do {
                try Self.readFully(mutator.mutate(original))
            } catch {
                failures += 1
            }
        }
        // Most mutations must be caught; a few land in value bytes and still read.
        #expect(failures > 0)
    }
}

extension MalformedInputTests {
    @Test func footerMutationsNeverCrash() throws {
        let original = try Self.sampleFile(options: .init(writePageIndex: true))
        let n = original.count
        let footerLength =
            Int(original[n - 8]) | Int(original[n - 7]) << 8 | Int(original[n - 6]) << 16 | Int(original[n - 5]) << 24
        let footerStart = n - 8 - footerLength
        var rng = SeededRandom(seed: 4242)
        var failures = 0
        for _ in 0..<1000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let position = Int.random(in: footerStart..<(n - 8), using: &rng)
                if Bool.random(using: &rng) {
                    bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                } else {
                    bytes[position] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            do { try Self.readFully(bytes) } catch { failures += 1 }
        }
        #expect(failures > 0)
    }

    @Test func decimalsBeyondTheirPrecisionAreRejected() throws {
        let schema = Schema([Field("d", .decimal(precision: 4, scale: 2))])
        let batch = try Fixtures.batch(schema, [[.decimal(12345)]])
        let writer = try ParquetWriter(sink: MemorySink(), schema: schema)
        #expect { try writer.write(batch) } throws: { ($0 as? ParquetError)?.code == .invalidArgument }
    }

    @Test(arguments: [
        (Int64(-1), Int64(1000), Int64(-1)), (-1000, 1000, -1), (-1001, 1000, -2), (999, 1000, 0), (0, 1000, 0),
    ])
    func timestampUnitConversionRoundsTowardNegativeInfinity(_ value: Int64, _ divisor: Int64, _ expected: Int64) {
        #expect(LeafTypeMapping.floorDivide(value, divisor) == expected)
    }
}

/// Test helper: swaps a file's footer for a re-encoded one.
enum FooterPatch {
    static func replaceFooter(_ bytes: [UInt8], with meta: FileMetaData) -> [UInt8] {
        let n = bytes.count
        let oldLength = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        var out = Array(bytes[..<(n - 8 - oldLength)])
        let footer = meta.encode()
        out.append(contentsOf: footer)
        let l = UInt32(footer.count)
        out.append(contentsOf: [UInt8(l & 0xFF), UInt8(l >> 8 & 0xFF), UInt8(l >> 16 & 0xFF), UInt8(l >> 24)])
        out.append(contentsOf: Array("PAR1".utf8))
        return out
    }
}
