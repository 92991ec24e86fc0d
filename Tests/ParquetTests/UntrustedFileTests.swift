import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Hostile files: every allocation a file can size is bounded by its bytes or by the file's decode budget
/// (`ParquetReader.Limits`), and passing a bound is a typed error, never an attempt (issue 12 item 7).
@Suite(.onDedicatedThreads) struct UntrustedFileTests {
    static func code(_ error: any Error) -> ParquetError.Code? { (error as? ParquetError)?.code }

    static func readAll(_ bytes: [UInt8], limits: ParquetReader.Limits = .default) throws -> [ColumnBatch] {
        try ParquetReader(bytes: bytes, name: "crafted", limits: limits).readAll()
    }

    /// A dictionary-encoded int64 column whose data page is one RLE run of `count` indices.
    static func rleRun(_ count: Int) -> [UInt8] {
        CraftedParquet(
            valueCount: Int64(count),
            dictionary: CraftedParquet.dictionaryPage(values: 1, body: [42, 0, 0, 0, 0, 0, 0, 0]),
            pages: [
                CraftedParquet.dataPage(
                    values: Int32(count), encoding: .rleDictionary, body: CraftedParquet.rleRunOfIndexZero(count))
            ]
        ).bytes()
    }

    @Test func pageClaimingMoreThanTheBudgetFailsBeforeDecompressing() throws {
        // 60,000 bytes claiming 4,096 times as much: the most the reader tolerated before; it then allocated and
        // zero-filled ~234 MiB and failed to decompress.
        var rng = SeededRandom(seed: 12)
        let body = (0..<60_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let file = CraftedParquet(
            codec: .zstd, valueCount: 1,
            pages: [CraftedParquet.dataPage(values: 1, encoding: .plain, body: body, uncompressedSize: 60_000 * 4096)]
        ).bytes()
        #expect(file.count < 64 << 10)
        #expect { try Self.readAll(file) } throws: { error in
            Self.code(error) == .limitExceeded && "\(error)".contains("decode budget")
        }
    }

    @Test func pageClaimingMoreThanItsCodecCanExpandIsCorrupt() throws {
        // A gigabyte from 100 bytes is impossible for any codec; snappy can give at most 22 x 100.
        for (codec, claim) in [(ThriftCodec.snappy, Int32(1 << 20)), (.zstd, Int32(1 << 30))] {
            let file = CraftedParquet(
                codec: codec, valueCount: 1,
                pages: [
                    CraftedParquet.dataPage(
                        values: 1, encoding: .plain, body: [UInt8](repeating: 7, count: 100), uncompressedSize: claim)
                ]
            ).bytes()
            #expect { try Self.readAll(file) } throws: { error in
                Self.code(error) == .corruptPage && "\(error)".contains("expands that to at most")
            }
        }
    }

    @Test func rleRunOfManyValuesStopsAtTheBudget() throws {
        // 200 bytes whose one run claims 2^24 indices (64 MiB of indices, 128 MiB of gathered int64 values).
        let file = Self.rleRun(1 << 24)
        #expect(file.count < 300)
        #expect { try Self.readAll(file) } throws: { Self.code($0) == .limitExceeded }
    }

    @Test func limitsAreAReaderOption() throws {
        let file = Self.rleRun(1 << 16)  // 768 KiB decoded: within the default budget
        #expect(try Self.readAll(file).first?.rowCount == 1 << 16)
        let tight = ParquetReader.Limits(decodedBytesFloor: 64 << 10, decodedBytesPerFileByte: 0)
        #expect { try Self.readAll(file, limits: tight) } throws: { Self.code($0) == .limitExceeded }
        #expect(try Self.readAll(file, limits: .unlimited).first?.rowCount == 1 << 16)
    }

    @Test func budgetCoversEveryReadOfTheFile() throws {
        // Row groups may point at the same bytes: reading again spends the budget again.
        let file = Self.rleRun(1 << 16)
        let reader = try ParquetReader(
            bytes: file, name: "crafted", limits: .init(decodedBytesFloor: 1 << 20, decodedBytesPerFileByte: 0))
        #expect(try reader.readRowGroup(0).rowCount == 1 << 16)
        #expect { try reader.readRowGroup(0) } throws: { Self.code($0) == .limitExceeded }
    }

    @Test func rleRunNeverYieldsMoreThanThePageAsks() throws {
        let bytes = CraftedParquet.varint(UInt64(1 << 27) << 1) + [5]
        var decoder = RLEDecoder(bytes: bytes, position: 0, end: bytes.count, bitWidth: 3)
        var out: [UInt8] = []
        try decoder.decode(count: 10, into: &out)
        #expect(out == [UInt8](repeating: 5, count: 10))
    }

    @Test func dictionaryGatherIsCharged() throws {
        // One 30,000-byte dictionary string gathered 2^12 times: ~123 MB from a 30 KB file.
        let value = [UInt8](repeating: 0x76, count: 30_000)
        let count = 1 << 12
        let file = CraftedParquet(
            physical: .byteArray, convertedType: .utf8, valueCount: Int64(count),
            dictionary: CraftedParquet.dictionaryPage(values: 1, body: [0x30, 0x75, 0, 0] + value),
            pages: [
                CraftedParquet.dataPage(
                    values: Int32(count), encoding: .rleDictionary, body: CraftedParquet.rleRunOfIndexZero(count))
            ]
        ).bytes()
        #expect { try Self.readAll(file) } throws: { Self.code($0) == .limitExceeded }
    }

    @Test func deltaByteArrayPrefixesAreCharged() throws {
        // Each value repeats the whole previous one: 2^17 values of 1,000 bytes from a page of ~4 KB.
        let count = 1 << 17
        let length: Int64 = 1000
        let prefixes = [0] + [Int64](repeating: length, count: count - 1)
        let suffixLengths = [length] + [Int64](repeating: 0, count: count - 1)
        let body =
            DeltaPacking.encode(prefixes) + DeltaPacking.encode(suffixLengths)
            + [UInt8](repeating: 0x61, count: Int(length))
        let file = CraftedParquet(
            physical: .byteArray, valueCount: Int64(count),
            pages: [CraftedParquet.dataPage(values: Int32(count), encoding: .deltaByteArray, body: body)]
        ).bytes()
        #expect(file.count < 64 << 10)
        #expect { try Self.readAll(file) } throws: { Self.code($0) == .limitExceeded }
        // The same page with short repeats reads back.
        let small = 1 << 10
        let smallBody =
            DeltaPacking.encode([0] + [Int64](repeating: 3, count: small - 1))
            + DeltaPacking.encode([3] + [Int64](repeating: 0, count: small - 1)) + Array("abc".utf8)
        let smallFile = CraftedParquet(
            physical: .byteArray, valueCount: Int64(small),
            pages: [CraftedParquet.dataPage(values: Int32(small), encoding: .deltaByteArray, body: smallBody)]
        ).bytes()
        let column = try #require(try Self.readAll(smallFile).first?.columns.first)
        #expect(column.count == small)
        #expect(column.value(at: small - 1) == .binary(Array("abc".utf8)))
    }

    @Test func thriftListClaiming2to31ElementsIsRejected() {
        var reader = CompactReader(bytes: [0xF5] + CraftedParquet.varint(1 << 31) + [0, 0, 0])
        #expect { try reader.readI32List() } throws: { Self.code($0) == .truncated }
    }
}

/// A DELTA_BINARY_PACKED encoder for crafting pages (blocks of 128 values in 4 miniblocks of 32).
enum DeltaPacking {
    static func zigzag(_ v: Int64) -> [UInt8] {
        CraftedParquet.varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    static func encode(_ values: [Int64]) -> [UInt8] {
        var out =
            CraftedParquet.varint(128) + CraftedParquet.varint(4) + CraftedParquet.varint(UInt64(values.count))
            + zigzag(values.first ?? 0)
        let deltas = zip(values.dropFirst(), values).map { $0 &- $1 }
        var blockStart = 0
        while blockStart < deltas.count {
            let block = Array(deltas[blockStart..<min(deltas.count, blockStart + 128)])
            let minDelta = block.min() ?? 0
            out += zigzag(minDelta)
            var packed: [[UInt8]] = []
            var widths: [UInt8] = []
            for mini in 0..<4 {
                var slice = block.count > mini * 32 ? Array(block[(mini * 32)..<min(block.count, mini * 32 + 32)]) : []
                slice = slice.map { $0 &- minDelta }
                slice += [Int64](repeating: 0, count: 32 - slice.count)
                let width = slice.map { 64 - UInt64(bitPattern: $0).leadingZeroBitCount }.max() ?? 0
                widths.append(UInt8(width))
                var bits: [UInt8] = [UInt8](repeating: 0, count: 32 * width / 8)
                var bit = 0
                for v in slice {
                    for k in 0..<width where (UInt64(bitPattern: v) >> UInt64(k)) & 1 == 1 {
                        bits[(bit + k) / 8] |= 1 << UInt8((bit + k) % 8)
                    }
                    bit += width
                }
                packed.append(bits)
            }
            out += widths
            for bits in packed { out += bits }
            blockStart += 128
        }
        return out
    }
}
