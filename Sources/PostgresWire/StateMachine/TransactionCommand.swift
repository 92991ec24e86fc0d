/// The transaction-control statements the server answers itself: the engine is read-mostly and keeps no
/// transactions, but clients (drivers in autocommit-off mode, ORMs) send them, and PostgreSQL's status rules apply.
public enum TransactionCommand: Sendable, Equatable {
    case begin
    case commit
    case rollback

    /// The command `sql` is, by its leading keywords (`BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`,
    /// `ABORT`), or nil for any other statement. `ROLLBACK TO`, `PREPARE TRANSACTION` ... are not these.
    public init?(sql: String) {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == ";" })
            .prefix(3).map { $0.lowercased() }
        guard let first = words.first else { return nil }
        let second = words.count > 1 ? words[1] : nil
        switch first {
        case "begin": self = .begin
        case "start" where second == "transaction": self = .begin
        case "commit", "end":
            guard second == nil || second == "work" || second == "transaction" else { return nil }
            self = .commit
        case "rollback", "abort":
            guard second == nil || second == "work" || second == "transaction" else { return nil }
            self = .rollback
        default: return nil
        }
    }
}
