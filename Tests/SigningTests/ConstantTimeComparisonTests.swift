import Signing
import Testing

/// The one constant-time comparison of the package (API keys, SharedKey/SAS/JWT signatures, SSH packet MACs).
@Suite("Constant-time comparison")
struct ConstantTimeComparisonTests {
    @Test(
        "strings compare equal only when their bytes are identical",
        arguments: [
            ("abc", "abc", true), ("abc", "abd", false), ("abc", "ab", false), ("ab", "abc", false), ("", "", true),
            ("abc", "", false), ("", "abc", false), ("é", "e\u{301}", false), ("ключ", "ключ", true),
        ])
    func strings(lhs: String, rhs: String, equal: Bool) {
        #expect(ConstantTimeComparison.equal(lhs, rhs) == equal)
    }

    @Test("a shorter sequence never equals a longer one padded with zero bytes")
    func zeroPadding() {
        #expect(!ConstantTimeComparison.equal([1, 2] as [UInt8], [1, 2, 0] as [UInt8]))
        #expect(!ConstantTimeComparison.equal([] as [UInt8], [0] as [UInt8]))
        #expect(ConstantTimeComparison.equal([0, 0] as [UInt8], [0, 0] as [UInt8]))
    }

    @Test("slices and different collection types compare by content")
    func slices() {
        let packet: [UInt8] = [9, 9, 1, 2, 3]
        #expect(ConstantTimeComparison.equal(packet[2...], [1, 2, 3] as [UInt8]))
        #expect(ConstantTimeComparison.equal("Bearer key".utf8.dropFirst(7), Array("key".utf8)))
        #expect(!ConstantTimeComparison.equal(packet[1...], [1, 2, 3] as [UInt8]))
    }

    @Test(
        "every byte is read whether the inputs differ first, last or not at all",
        arguments: [
            ([1, 2, 3, 4], [1, 2, 3, 4]), ([0, 2, 3, 4], [1, 2, 3, 4]), ([1, 2, 3, 0], [1, 2, 3, 4]),
            ([1, 2], [1, 2, 3, 4]), ([], [1, 2, 3, 4]),
        ] as [([UInt8], [UInt8])])
    func noEarlyExit(lhs: [UInt8], rhs: [UInt8]) {
        let left = CountingBytes(lhs)
        let right = CountingBytes(rhs)
        _ = ConstantTimeComparison.equal(left, right)
        #expect(left.reads.value + right.reads.value == lhs.count + rhs.count)
    }
}

/// A byte collection that counts how many elements its iterators hand out.
private struct CountingBytes: Collection {
    final class Counter { var value = 0 }

    struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[UInt8]>
        let reads: Counter

        mutating func next() -> UInt8? {
            guard let byte = base.next() else { return nil }
            reads.value += 1
            return byte
        }
    }

    let bytes: [UInt8]
    let reads = Counter()

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var startIndex: Int { bytes.startIndex }
    var endIndex: Int { bytes.endIndex }
    func index(after index: Int) -> Int { index + 1 }
    subscript(position: Int) -> UInt8 { bytes[position] }
    func makeIterator() -> Iterator { Iterator(base: bytes.makeIterator(), reads: reads) }
}
