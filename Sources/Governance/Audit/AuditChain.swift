import Crypto

/// The audit trail's hash chain: `seal` links a new record to the last one; `verify` walks records in sequence
/// order and names the first that does not hold (a gap, a changed field, a broken link). Pure.
public enum AuditChain {
    /// The `previousHash` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// `record` with `sequence` after `previous` (1 for the first), `previousHash` and `hash` set.
    public static func seal(_ record: AuditRecord, after previous: AuditRecord?) -> AuditRecord {
        var sealed = record
        sealed.sequence = (previous?.sequence ?? 0) + 1
        sealed.previousHash = previous?.hash ?? genesis
        sealed.hash = hash(of: sealed)
        return sealed
    }

    /// SHA-256 (hex) over `previousHash` and the canonical form of `record`.
    public static func hash(of record: AuditRecord) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(record.previousHash.utf8))
        hasher.update(data: record.canonicalForm)
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// What `verify` found.
    public enum Verification: Sendable, Equatable {
        /// Every record holds; `count` records checked.
        case intact(count: Int)
        /// The first record that does not hold, by its sequence (or the sequence expected where one is missing).
        case broken(sequence: Int64, reason: String)
    }

    /// Checks `records` (the whole trail, in sequence order) from the first.
    public static func verify(_ records: [AuditRecord]) -> Verification {
        var previousHash = genesis
        for (index, record) in records.enumerated() {
            let expected = Int64(index) + 1
            guard record.sequence == expected else {
                return .broken(sequence: expected, reason: "record \(expected) is missing (found \(record.sequence))")
            }
            guard record.previousHash == previousHash else {
                return .broken(sequence: expected, reason: "its link to record \(expected - 1) does not match")
            }
            guard hash(of: record) == record.hash else {
                return .broken(sequence: expected, reason: "its contents do not match its hash (edited)")
            }
            previousHash = record.hash
        }
        return .intact(count: records.count)
    }
}
