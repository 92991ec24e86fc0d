import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// The async `write`/`close` encode a row group's column chunks as child tasks instead of on
/// `concurrentPerform`; the file is byte for byte the synchronous writer's.
@Suite(.onDedicatedThreads) struct AsyncWriterTests {
    @Test(arguments: CompatCase.all.filter { $0.rowCount > 0 }.prefix(12))
    func theAsyncWriterWritesTheSameFileAsTheSynchronousOne(_ c: CompatCase) async throws {
        var options = c.options
        options.rowGroupBytes = 4_096  // several row groups even for small cases
        let batches = try c.batches()
        let expected = try Fixtures.write(c.schema, batches, options: options)
        let sink = MemorySink()
        let writer = try ParquetWriter(sink: sink, schema: c.schema, options: options)
        for batch in batches { try await writer.write(batch) }
        _ = try await writer.close()
        #expect(sink.bytes == expected)
    }
}
