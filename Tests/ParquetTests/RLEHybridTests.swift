import OutflowTestSupport
import Testing

@testable import Parquet

@Suite(.onDedicatedThreads) struct RLEHybridTests {
    static let sequences: [[UInt32]] = [
        [],
        [1],
        [0, 1, 0, 1, 1, 0, 1],
        Array(repeating: 3, count: 1000),
        (0..<1000).map { UInt32($0 % 7) },
        (0..<37).map { UInt32($0 % 2) } + Array(repeating: 1, count: 20) + [0, 1, 1],
        (0..<300).map { UInt32(($0 * 7919) % 65536) },
        Array(repeating: 5, count: 7) + Array(repeating: 6, count: 9) + Array(repeating: 7, count: 3),
    ]

    @Test(arguments: sequences)
    func encodedValuesDecodeToTheSameSequence(_ values: [UInt32]) throws {
        let width = RLEEncoder.bitWidth(for: Int(values.max() ?? 0))
        let bytes = RLEEncoder.encode(values, bitWidth: width)
        var decoder = RLEDecoder(bytes: bytes, position: 0, end: bytes.count, bitWidth: width)
        var out: [UInt32] = []
        try decoder.decode(count: values.count, into: &out)
        #expect(out == values)
    }

    @Test func longRunsBecomeRLERuns() {
        let bytes = RLEEncoder.encode([UInt8](repeating: 1, count: 100), bitWidth: 1)
        // Header varint (100 << 1) = 200 -> [0xC8, 0x01], then one value byte.
        #expect(bytes == [0xC8, 0x01, 0x01])
    }

    @Test func bitPackingIsLeastSignificantBitFirst() {
        let bytes = RLEEncoder.encode([UInt8]([1, 0, 1, 1, 0, 0, 0, 1]), bitWidth: 1)
        #expect(bytes == [0x03, 0b1000_1101])
    }

    @Test func bitWidthCoversTheMaximum() {
        #expect(RLEEncoder.bitWidth(for: 0) == 0)
        #expect(RLEEncoder.bitWidth(for: 1) == 1)
        #expect(RLEEncoder.bitWidth(for: 2) == 2)
        #expect(RLEEncoder.bitWidth(for: 255) == 8)
        #expect(RLEEncoder.bitWidth(for: 256) == 9)
    }

    @Test func truncatedDataFailsCleanly() {
        let bytes = RLEEncoder.encode((0..<64).map { UInt32($0 % 5) }, bitWidth: 3)
        var decoder = RLEDecoder(bytes: bytes, position: 0, end: bytes.count / 2, bitWidth: 3)
        var out: [UInt32] = []
        #expect(throws: ParquetError.self) { try decoder.decode(count: 64, into: &out) }
    }

    @Test func legacyBitPackedLevelsAreMostSignificantBitFirst() throws {
        var out: [UInt8] = []
        let used = try RLEDecoder.decodeLegacyBitPacked([0b1011_0000], position: 0, count: 4, bitWidth: 1, into: &out)
        #expect(used == 1)
        #expect(out == [1, 0, 1, 1])
    }
}
