import Columnar
import OutflowTestSupport
import Parquet
import Testing

/// Damaged input never traps: every non-blank line is either accepted or reported, exactly once.
@Suite(.onDedicatedThreads) struct NDJSONMutationTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func mutatedLinesAreAcceptedOrReportedNeverBoth(seed: UInt64) throws {
        let batch = try TestBatches.batch(TestBatches.eventSchema, TestBatches.eventRows(300, seed: seed))
        let sink = MemorySink()
        let writer = try NDJSONWriter(sink: sink, schema: TestBatches.eventSchema)
        try writer.write(batch)
        try writer.close()
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Any byte but a newline, so that line numbers stay put.
        func byte() -> UInt8 {
            let b = UInt8(next(256))
            return b == 0x0A ? 0x0B : b
        }
        var lines = sink.bytes.split(separator: 0x0A).map(Array.init)
        for i in lines.indices where i % 2 == 1 {
            switch next(4) {
            case 0: lines[i][next(lines[i].count)] = byte()
            case 1: lines[i].removeLast(1 + next(lines[i].count - 1))
            case 2: lines[i].insert(byte(), at: next(lines[i].count))
            default: lines[i].remove(at: next(lines[i].count))
            }
        }
        let nonBlank = lines.filter { line in line.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }.count
        let input = Array(lines.joined(separator: [0x0A]))
        let result = try NDJSONReader(schema: TestBatches.eventSchema, batchSize: 64).read(input, fileName: "m")
        #expect(result.recordCount == nonBlank)
        #expect(result.validCount + result.errors.count == result.recordCount)
        #expect(result.batches.reduce(0) { $0 + $1.rowCount } == result.validCount)
        #expect(Set(result.errors.map(\.line)).count == result.errors.count)
        #expect(result.errors.allSatisfy { $0.line % 2 == 0 })
        #expect(result.validCount >= 150)
    }
}
