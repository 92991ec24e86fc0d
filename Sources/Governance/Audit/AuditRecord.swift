/// One entry of the audit trail: who (`actor`) did what (`action` on `resource`) in which sandbox, when, with what
/// outcome and details (an export run's destination, datasets, rows and bytes; a query's SQL). Records are
/// append-only and chained: `hash` covers the record and the previous record's hash, so editing, removing or
/// reordering any record breaks the chain from there on (`AuditChain.verify`).
public struct AuditRecord: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case success, failure, denied
    }

    /// 1, 2, 3, … without gaps.
    public var sequence: Int64
    /// Epoch milliseconds.
    public var time: Int64
    /// A user name, `key:<key id>`, `bootstrap` (the `OUTFLOW_API_KEY`) or `system` (the scheduler).
    public var actor: String
    public var sandbox: String
    /// `login`, `flow.create`, `export.run`, `query.run`, …
    public var action: String
    /// `flow/<id>`, `dataset/<id>`, … (empty when none).
    public var resource: String
    public var outcome: Outcome
    /// Named details, sorted by name when chained (rows, bytes, destination, sql, …).
    public var details: [String: String]
    /// The previous record's `hash` (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 (hex) of `previousHash` and the record's canonical form.
    public var hash: String

    public init(
        sequence: Int64, time: Int64, actor: String, sandbox: String, action: String, resource: String = "",
        outcome: Outcome = .success, details: [String: String] = [:], previousHash: String = "", hash: String = ""
    ) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.sandbox = sandbox
        self.action = action
        self.resource = resource
        self.outcome = outcome
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The fields the hash covers, each length-prefixed so no two records share a form: `sequence`, `time`,
    /// `actor`, `sandbox`, `action`, `resource`, `outcome`, then each detail's name and value in name order.
    var canonicalForm: [UInt8] {
        var parts = [
            String(sequence), String(time), actor, sandbox, action, resource, outcome.rawValue, String(details.count),
        ]
        for name in details.keys.sorted() { parts += [name, details[name] ?? ""] }
        var bytes: [UInt8] = []
        for part in parts {
            let utf8 = Array(part.utf8)
            bytes += Array(String(utf8.count).utf8) + [0x3A] + utf8
        }
        return bytes
    }
}
