import Parquet

/// Collects encoder output until the next drain, hashing it as it arrives.
final class DigestingSink: ByteSink {
    private var pending: [UInt8] = []
    private var hasher = SHA256()
    private(set) var bytesWritten = 0

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        pending.append(contentsOf: bytes)
        bytesWritten += bytes.count
    }

    /// The bytes written since the last call.
    func take() -> [UInt8] {
        defer { pending = [] }
        return pending
    }

    /// The hex SHA-256 of everything written; call once, at the end.
    func finalizeHex() -> String { hasher.finalizeHex() }
}
