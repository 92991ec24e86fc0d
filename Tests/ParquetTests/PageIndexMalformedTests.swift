import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// Malformed page-index bytes in an untrusted file: decoding them is a `ParquetError`, never a crash; pruning and
/// restricted reads ignore an index they cannot use, and a restricted read returns the right rows or fails.
@Suite(.onDedicatedThreads) struct PageIndexMalformedTests {
    static func file() throws -> [UInt8] {
        try PageIndexTests.file(PageIndexTests.variants[1])
    }

    @Test(arguments: [
        [UInt8](), [0x00], [0x19, 0x1C], [0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0x0F], [0x19, 0x1C, 0x16, 0x02],
        Array(repeating: 0xFF, count: 40),
    ])
    func garbageIndexBytesAreParquetErrors(bytes: [UInt8]) {
        #expect(throws: ParquetError.self) { try OffsetIndex.decode(bytes) }
        #expect(throws: ParquetError.self) { try ColumnIndex.decode(bytes) }
    }

    @Test func indexesRoundTrip() throws {
        let offsets = OffsetIndex(pageLocations: [
            .init(offset: 4, compressedPageSize: 10, firstRowIndex: 0),
            .init(offset: 14, compressedPageSize: 9, firstRowIndex: 7),
        ])
        #expect(try OffsetIndex.decode(offsets.encode()) == offsets)
        let stats = ColumnIndex(
            nullPages: [false, true], minValues: [[1], []], maxValues: [[9], []], boundaryOrder: 1, nullCounts: [0, 7])
        #expect(try ColumnIndex.decode(stats.encode()) == stats)
        var short = stats
        short.maxValues = [[9]]
        #expect(throws: ParquetError.self) { try ColumnIndex.decode(short.encode()) }
    }

    /// Index entries that decode but disagree with the row group are reported by `pageIndex` and ignored by reads.
    @Test func inconsistentLocationsAreReportedAndIgnored() throws {
        let bytes = try Self.file()
        let reader = try ParquetReader(bytes: bytes, name: "p")
        let good = try #require(try reader.pageIndex(ofRowGroup: 0, column: "id")).pages
        let chunk = reader.metadata.rowGroups[0].columns[0]
        let at = Int(try #require(chunk.offsetIndexOffset))
        let length = Int(try #require(chunk.offsetIndexLength))
        let locations = good.map {
            OffsetIndex.PageLocation(
                offset: Int64($0.offset), compressedPageSize: Int32($0.compressedSize),
                firstRowIndex: Int64($0.rows.lowerBound))
        }
        var variants: [[OffsetIndex.PageLocation]] = []
        var shifted = locations
        shifted[1].offset += 1
        variants.append(shifted)
        var outside = locations
        outside[outside.count - 1].offset = Int64(bytes.count)
        variants.append(outside)
        var rows = locations
        rows[2].firstRowIndex = rows[1].firstRowIndex
        variants.append(rows)
        var late = locations
        late[0].firstRowIndex = 1
        variants.append(late)
        var beyond = locations
        beyond[beyond.count - 1].firstRowIndex = 5_000
        variants.append(beyond)
        var tried = 0
        for variant in variants {
            var encoded = OffsetIndex(pageLocations: variant).encode()
            guard encoded.count <= length else { continue }
            tried += 1
            // Pad to the recorded length with an ignored trailing field-free tail (the struct ends first).
            encoded += Array(repeating: 0, count: length - encoded.count)
            var mutated = bytes
            mutated.replaceSubrange(at..<at + length, with: encoded)
            let damaged = try ParquetReader(bytes: mutated, name: "p")
            #expect(throws: ParquetError.self) { try damaged.pageIndex(ofRowGroup: 0, column: "id") }
            // Pruning on it keeps every row; a restricted read falls back to the whole chunk.
            #expect(
                damaged.rowRanges(ofRowGroup: 0, matching: .compare(column: "id", .less, .int(3))) == [0..<1_000])
            let batch = try damaged.readRowGroup(0, paths: [["id"]], rows: [500..<503])
            #expect(batch.row(0) == [.int(500)] && batch.rowCount == 3)
        }
        #expect(tried >= 4)
    }

    /// Every byte of the page index region flipped, one at a time: reads of row ranges return the right rows or
    /// throw a `ParquetError`.
    @Test func flippedIndexBytesNeverCrashOrMisread() throws {
        let bytes = try Self.file()
        let reader = try ParquetReader(bytes: bytes, name: "p")
        let columns = reader.metadata.rowGroups[0].columns
        let start = Int(try #require(columns.compactMap(\.columnIndexOffset).min()))
        let end =
            columns.compactMap { c in
                c.offsetIndexOffset.flatMap { o in c.offsetIndexLength.map { Int(o) + Int($0) } }
            }.max() ?? start
        let expected = try reader.readRowGroup(0, paths: [["id"], ["tags"], ["place"]], rows: [120..<180, 990..<995])
        let wanted = (0..<expected.rowCount).map { expected.row($0) }
        #expect(end - start > 100)
        var failures = 0
        for k in stride(from: start, to: end, by: 1) {
            var mutated = bytes
            mutated[k] ^= k % 2 == 0 ? 0xFF : 0x01
            do {
                let damaged = try ParquetReader(bytes: mutated, name: "p")
                _ = try? damaged.pageIndex(ofRowGroup: 0, column: "id")
                _ = try? damaged.pageIndex(ofRowGroup: 0, column: "tags.list.element")
                _ = damaged.rowRanges(ofRowGroup: 0, matching: .compare(column: "id", .greater, .int(10)))
                let batch = try damaged.readRowGroup(
                    0, paths: [["id"], ["tags"], ["place"]], rows: [120..<180, 990..<995])
                let got = (0..<batch.rowCount).map { batch.row($0) }
                if got != wanted {
                    Issue.record("byte \(k) flipped: wrong rows read")
                    return
                }
            } catch {
                // Every throw in the block is typed `ParquetError`: a clear error is an accepted outcome.
                failures += 1
            }
        }
        // Most flips leave the data readable: an index that fails its checks is ignored.
        #expect(failures < (end - start) / 2)
    }
}
