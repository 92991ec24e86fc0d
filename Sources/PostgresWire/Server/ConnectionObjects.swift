/// A prepared statement of a connection: the session's statement, or what the server answers itself (an empty
/// statement, a transaction command).
struct PreparedEntry: Sendable {
    var sql: String
    /// nil for an empty statement and for transaction commands.
    var statement: (any WirePreparedStatement)?
    var command: TransactionCommand?
    var isEmpty: Bool { statement == nil && command == nil }
    var parameterTypes: [UInt32] { statement?.parameterTypes ?? [] }
    var columns: [WireColumn]? { statement?.columns }
    var copyOut: WireCopyOut? { statement?.copyOut }
    /// What Describe and the simple query's RowDescription report: no columns for a COPY, whose rows go out as COPY
    /// data.
    var describedColumns: [WireColumn]? { copyOut == nil ? columns : nil }
}

/// A bound portal: the statement, its parameters and result formats, and once it runs, the cursor and the rows
/// fetched but not yet sent (an Execute with a row limit stops mid-batch).
final class Portal {
    let entry: PreparedEntry
    let parameters: [WireParameter]
    let resultFormats: [WireFormat]
    var cursor: (any WireResultCursor)?
    var pending: [WireRow] = []
    var pendingStart = 0
    var isComplete = false

    init(entry: PreparedEntry, parameters: [WireParameter], resultFormats: [WireFormat]) {
        self.entry = entry
        self.parameters = parameters
        self.resultFormats = resultFormats
    }
}
