import Synchronization

/// The decoded bytes one reader may still produce (`ParquetReader.Limits`), shared by the reader's copies and by
/// concurrent row-group reads.
final class DecodeBudget: Sendable {
    /// Bytes allowed in all; `Int.max` means no budget.
    let total: Int
    private let used = Atomic<Int>(0)

    init(total: Int) {
        self.total = total
    }

    /// Bytes charged so far.
    var spent: Int { used.load(ordering: .relaxed) }

    /// Records that decoding is about to produce `bytes` more; fails with `.limitExceeded` (naming `what`) when
    /// that would pass the total. Call before allocating.
    func charge(_ bytes: Int, for what: @autoclosure () -> String) throws(ParquetError) {
        guard total != .max else { return }
        guard bytes >= 0, bytes <= total else { throw exceeded(bytes, what()) }
        let (_, after) = used.wrappingAdd(bytes, ordering: .relaxed)
        guard after >= 0, after <= total else { throw exceeded(bytes, what()) }
    }

    private func exceeded(_ bytes: Int, _ what: String) -> ParquetError {
        ParquetError(
            .limitExceeded,
            "\(what) needs \(bytes) more decoded bytes; the file's decode budget of \(total) bytes "
                + "(ParquetReader.Limits: floor + 256 x file size by default) is spent")
    }
}
