import Columnar
import Foundation
import OutflowTestSupport
import Testing

@testable import Parquet

@Suite(.onDedicatedThreads) struct FileIOTests {
    @Test func writingToAPathAndReadingItBackByPathWorks() throws {
        let path = NSTemporaryDirectory() + "outflow-file-\(UUID().uuidString).parquet"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema = Schema([Field("id", .int64, nullable: false), Field("tags", .list(Field("element", .string)))])
        let batch = try Fixtures.batch(schema, [[.int(1), .list([.string("a")])], [.int(2), .null]])
        let summary = try ParquetWriter.write(batches: [batch, batch], to: path)
        #expect(summary.rowCount == 4)
        #expect(summary.bytesWritten == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        let reader = try ParquetReader(path: path)
        #expect(reader.rowCount == 4)
        #expect(
            try reader.readRowGroup(0, columns: ["tags"]).rows == batch.rows.map { [$0[1]] }
                + batch.rows.map { [$0[1]] })
    }

    @Test func missingFilesAreIOErrors() {
        #expect { try ParquetReader(path: "/nonexistent/outflow.parquet") } throws: {
            ($0 as? ParquetError)?.code == .io
        }
    }

    @Test func unknownProjectionColumnsAndRowGroupsAreInvalidArguments() throws {
        let schema = Schema([Field("a", .int32)])
        let bytes = try Fixtures.write(schema, [try Fixtures.batch(schema, [[.int(1)]])])
        let reader = try ParquetReader(bytes: bytes, name: "x")
        #expect { try reader.readRowGroup(0, columns: ["nope"]) } throws: {
            ($0 as? ParquetError)?.code == .invalidArgument
        }
        #expect { try reader.readRowGroup(5) } throws: { ($0 as? ParquetError)?.code == .invalidArgument }
    }

    @Test func byteColumnsWhoseOffsetsDoNotStartAtZeroAreWrittenCorrectly() throws {
        let schema = Schema([Field("s", .string, nullable: false)])
        let column = Column(
            type: .string, count: 2, validity: nil,
            storage: .bytes(offsets: [3, 5, 8], data: Array("xxxabcde".utf8)))
        let batch = try ColumnBatch(schema: schema, columns: [column])
        let bytes = try Fixtures.write(schema, [batch, batch], options: .init(dictionary: false))
        let rows = try ParquetReader(bytes: bytes, name: "o").readAll().flatMap(\.rows)
        #expect(rows == [[.string("ab")], [.string("cde")], [.string("ab")], [.string("cde")]])
    }
}
