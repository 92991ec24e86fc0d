import OutflowTestSupport
import Testing

@testable import PGP

@Suite(.onDedicatedThreads) struct PGPPartialBodyFramerTests {
    /// Reads one new-format packet, joining its partial chunks; returns the tag, the body and each chunk size.
    static func unframe(_ bytes: [UInt8]) throws -> (tag: UInt8, body: [UInt8], chunks: [Int]) {
        var offset = 1
        var body: [UInt8] = []
        var chunks: [Int] = []
        while true {
            let first = Int(bytes[offset])
            offset += 1
            switch first {
            case 224..<255:
                let size = 1 << (first & 0x1F)
                chunks.append(size)
                body += bytes[offset..<(offset + size)]
                offset += size
                continue
            case ..<192:
                body += bytes[offset..<(offset + first)]
                offset += first
            case 192..<224:
                let length = ((first - 192) << 8) + Int(bytes[offset]) + 192
                body += bytes[(offset + 1)..<(offset + 1 + length)]
                offset += 1 + length
            default:
                let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
                body += bytes[(offset + 4)..<(offset + 4 + length)]
                offset += 4 + length
            }
            #expect(offset == bytes.count, "trailing bytes after the final length")
            return (bytes[0] & 0x3F, body, chunks)
        }
    }

    static func frame(_ body: [UInt8], chunkSize: Int, pieces: Int = 3) -> [UInt8] {
        var framer = PGPPartialBodyFramer(tag: .literalData, chunkSize: chunkSize)
        var output: [UInt8] = []
        let step = max(1, body.count / pieces)
        var start = 0
        while start < body.count {
            framer.append(body[start..<min(body.count, start + step)], into: &output)
            start += step
        }
        framer.finish(into: &output)
        return output
    }

    @Test(arguments: [0, 1, 511, 512, 513, 1024, 1025, 5_000])
    func bodiesOfEverySizeAroundThe512ChunkRoundTrip(size: Int) throws {
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let framed = Self.frame(body, chunkSize: 512)
        let (tag, decoded, chunks) = try Self.unframe(framed)
        #expect(tag == 11)
        #expect(decoded == body)
        #expect(chunks.allSatisfy { $0 == 512 })
        // Whole chunks only while more follows: the final normal length carries 1...512 bytes (0 for empty).
        #expect(chunks.count == max(0, (size - 1) / 512))
    }

    @Test func emptyBodyIsOneZeroLengthPacket() {
        #expect(Self.frame([], chunkSize: 512) == [0xCB, 0x00])
    }

    @Test func exactly512BytesIsOneNormalLengthPacketWithTwoOctetLength() {
        let framed = Self.frame([UInt8](repeating: 7, count: 512), chunkSize: 512)
        #expect(Array(framed.prefix(3)) == [0xCB, 0xC1, 0x40])
        #expect(framed.count == 3 + 512)
    }

    @Test func largeBodiesStreamIn64KiBPartialChunks() throws {
        let body = (0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 >> 3) }
        let framed = Self.frame(body, chunkSize: PGPEncryptor.defaultChunkSize, pieces: 50)
        #expect(framed[1] == 0xF0)
        let (_, decoded, chunks) = try Self.unframe(framed)
        #expect(decoded == body)
        #expect(chunks.count == 48)
        #expect(chunks.allSatisfy { $0 == 1 << 16 })
    }

    @Test func chunkSizesClampToAPowerOfTwoOfAtLeast512() {
        #expect(PGPPartialBodyFramer(tag: .literalData, chunkSize: 100).chunkSize == 512)
        #expect(PGPPartialBodyFramer(tag: .literalData, chunkSize: 5_000).chunkSize == 4_096)
        #expect(PGPPartialBodyFramer(tag: .literalData, chunkSize: 1 << 40).chunkSize == 1 << 30)
    }
}
