import PostgresWire
import QueryService
import SQL

/// A statement prepared by `QueryWireSession`: parsed and described, not run.
struct QueryWireStatement: WirePreparedStatement {
    enum Kind: Sendable {
        /// A statement the engine runs.
        case statement(Statement, StatementDescription)
        /// A session command answered with its tag alone (`DISCARD ALL`, `DEALLOCATE`).
        case utility(String)
        /// `DECLARE name CURSOR FOR query`: the query, parsed and described.
        case declare(name: String, Statement, StatementDescription)
        /// FETCH, MOVE, CLOSE.
        case cursor(CursorCommand)
    }

    var kind: Kind
    var parameterTypes: [UInt32]
    var columns: [WireColumn]?
    var copyOut: WireCopyOut?
    /// The client's parameter types (nil: left to the server), as the engine binds the values.
    var declaredTypes: [SQLType?] = []

    init(kind: Kind, parameterTypes: [UInt32], columns: [WireColumn]?) {
        self.kind = kind
        self.parameterTypes = parameterTypes
        self.columns = columns
    }

    init(kind: Kind, parameterTypes: [SQLType], declaredTypes: [SQLType?]) {
        self.kind = kind
        self.parameterTypes = parameterTypes.map(\.postgresTypeOID)
        self.declaredTypes = declaredTypes
        if case let .statement(_, description) = kind {
            columns = description.columns.map { $0.map(WireValues.column) }
            copyOut = description.copy.map(Self.copyOut)
        }
    }
}

/// `DISCARD ALL|PLANS|SEQUENCES|TEMP` and `DEALLOCATE [PREPARE] name|ALL`: connection poolers and drivers send
/// them to reset a session; a session without temporary objects or SQL-level prepared statements has nothing to
/// drop, so they are answered with their tag.
struct UtilityStatement {
    var tag: String

    init?(_ sql: String) {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            .map { $0.lowercased() }
        guard let first = words.first else { return nil }
        switch first {
        case "discard":
            guard words.count == 2, ["all", "plans", "sequences", "temp", "temporary"].contains(words[1]) else {
                return nil
            }
            tag = "DISCARD " + (words[1] == "temporary" ? "TEMP" : words[1].uppercased())
        case "deallocate":
            let rest = words.dropFirst().drop { $0 == "prepare" }
            guard rest.count == 1 else { return nil }
            tag = rest.first == "all" ? "DEALLOCATE ALL" : "DEALLOCATE"
        default:
            return nil
        }
    }
}
