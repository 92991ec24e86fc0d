import Logging
import PostgresWire
import QueryService
import SQL
import Synchronization

/// One PostgreSQL connection's SQL session: a Query Service `QuerySession` on the connection's sandbox behind the
/// wire protocol's `WireSession`.
///
/// The server calls it from one task at a time (so the non-Sendable `QuerySession` is only ever used by one task,
/// and each statement's work runs in a task of its own that `cancel()` may cancel from another connection).
final class QueryWireSession: WireSession, @unchecked Sendable {
    let session: QuerySession
    let logger: Logger
    /// Open SQL cursors by name (used by the session's one task only).
    var cursors: [String: OpenCursor] = [:]
    /// Results of statements not read to their end (portals suspended or dropped), closed with the session so that
    /// a client gone mid-query leaves no spill files or reservations behind.
    var unfinished: [ObjectIdentifier: QueryWireCursor] = [:]
    /// Cancels the statement task running now (set while one runs).
    private let running = Mutex<(@Sendable () -> Void)?>(nil)

    init(session: QuerySession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    /// ParameterStatus names PostgreSQL reports, and the settings they show.
    static let reported: [(name: String, setting: String)] = [
        ("TimeZone", "timezone"), ("DateStyle", "datestyle"), ("IntervalStyle", "intervalstyle"),
        ("application_name", "application_name"), ("client_encoding", "client_encoding"),
        ("standard_conforming_strings", "standard_conforming_strings"),
    ]

    var startupParameters: [(name: String, value: String)] {
        Self.reported.compactMap { entry in session.settings.values[entry.setting].map { (entry.name, $0) } }
            + [("outflow_sandbox", session.sandbox)]
    }

    func prepare(sql: String, parameterTypes: [UInt32]) async throws -> any WirePreparedStatement {
        if let utility = UtilityStatement(sql) {
            return QueryWireStatement(kind: .utility(utility.tag), parameterTypes: [], columns: nil)
        }
        // Lexed once here for the cursor commands and the parameter count; the parser lexes on its own.
        let tokens = (try? SQLLexer.tokens(sql)) ?? []
        if let command = try CursorCommand(tokens: tokens, sql: sql) {
            return try await prepare(command, parameterTypes: parameterTypes)
        }
        let (statement, description, declared) = try await describe(
            sql, parameterTypes: parameterTypes, highestParameter: Self.highestParameter(in: tokens))
        return QueryWireStatement(
            kind: .statement(statement, description), parameterTypes: description.parameterTypes,
            declaredTypes: declared)
    }

    /// Parses and describes one statement; errors at `offset` characters into the client's text.
    func describe(_ sql: String, parameterTypes: [UInt32], highestParameter: Int, offset: Int = 0) async throws
        -> (Statement, StatementDescription, [SQLType?])
    {
        do {
            let statement = try SQLParser.parseStatement(sql)
            let count = max(parameterTypes.count, highestParameter)
            let declared = (0..<count).map { index in
                index < parameterTypes.count ? SQLType(postgresTypeOID: parameterTypes[index]) : nil
            }
            return (statement, try await session.describe(statement, parameterTypes: declared), declared)
        } catch {
            var wire = WireValues.error(error)
            wire.position = wire.position.map { $0 + offset }
            throw wire
        }
    }

    func prepare(_ command: CursorCommand, parameterTypes: [UInt32]) async throws -> QueryWireStatement {
        switch command {
        case let .declare(name, query, offset):
            let tokens = (try? SQLLexer.tokens(query)) ?? []
            let (statement, description, declared) = try await describe(
                query, parameterTypes: parameterTypes, highestParameter: Self.highestParameter(in: tokens),
                offset: offset)
            guard case .query = statement else {
                throw WireError(sqlState: "42601", message: "DECLARE CURSOR needs a query (SELECT, VALUES, TABLE)")
            }
            var prepared = QueryWireStatement(
                kind: .declare(name: name, statement, description), parameterTypes: description.parameterTypes,
                declaredTypes: declared)
            prepared.columns = nil
            return prepared
        case let .fetch(name, _, move):
            let cursor = try cursor(named: name)
            return QueryWireStatement(kind: .cursor(command), parameterTypes: [], columns: move ? nil : cursor.columns)
        case let .close(name):
            if let name { _ = try cursor(named: name) }
            return QueryWireStatement(kind: .cursor(command), parameterTypes: [], columns: nil)
        }
    }

    func cursor(named name: String) throws -> OpenCursor {
        guard let cursor = cursors[name] else {
            throw WireError(sqlState: "34000", message: "cursor \"\(name)\" does not exist")
        }
        return cursor
    }

    func describePortal(named name: String) -> [WireColumn]? { cursors[name]?.columns }

    func execute(_ statement: any WirePreparedStatement, parameters: [WireParameter]) async throws
        -> any WireResultCursor
    {
        guard let statement = statement as? QueryWireStatement else {
            throw WireError(sqlState: "XX000", message: "internal error: a statement of another session")
        }
        switch statement.kind {
        case let .utility(tag):
            return FixedCursor(completion: WireCompletion(command: tag))
        case let .declare(name, parsed, _):
            guard cursors[name] == nil else {
                throw WireError(sqlState: "42P03", message: "cursor \"\(name)\" already exists")
            }
            let values = try parameters.map { try Self.text(of: $0) }
            let bound = StatementParameters(types: statement.declaredTypes, values: values)
            let session = Unchecked(self.session)
            let result = try await cancellable { Unchecked(try await session.value.execute(parsed, parameters: bound)) }
            cursors[name] = OpenCursor(result: result.value)
            return FixedCursor(completion: WireCompletion(command: "DECLARE CURSOR"))
        case let .cursor(.fetch(name, count, move)):
            return FetchCursor(owner: self, cursor: try cursor(named: name), count: count, move: move)
        case let .cursor(.close(name)):
            if let name {
                _ = try cursor(named: name)
                cursors[name] = nil
            } else {
                cursors.removeAll()
            }
            return FixedCursor(completion: WireCompletion(command: "CLOSE CURSOR"))
        case .cursor(.declare):
            throw WireError(sqlState: "XX000", message: "internal error: DECLARE prepared as a cursor command")
        case let .statement(parsed, _):
            let values = try parameters.map { try Self.text(of: $0) }
            let bound = StatementParameters(types: statement.declaredTypes, values: values)
            let before = session.settings.values
            let session = Unchecked(self.session)
            let result = try await cancellable { Unchecked(try await session.value.execute(parsed, parameters: bound)) }
            let cursor = QueryWireCursor(owner: self, statement: parsed, result: result.value, settingsBefore: before)
            unfinished[ObjectIdentifier(cursor)] = cursor
            return cursor
        }
    }

    func cancel() {
        running.withLock { $0?() }
    }

    func close() async {
        for cursor in cursors.values { await Unchecked(cursor.result).value.close() }
        cursors.removeAll()
        for cursor in unfinished.values { await cursor.close() }
        unfinished.removeAll()
    }

    /// A statement's result was read to its end.
    func finished(_ cursor: QueryWireCursor) {
        unfinished[ObjectIdentifier(cursor)] = nil
    }

    /// Runs `body` in a task of its own that `cancel()` (and the cancellation of the caller) cancels.
    func cancellable<T>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { Unchecked(try await body()) }
        running.withLock { $0 = { task.cancel() } }
        defer { running.withLock { $0 = nil } }
        do {
            return try await withTaskCancellationHandler {
                try await task.value.value
            } onCancel: {
                task.cancel()
            }
        } catch {
            throw WireValues.error(error)
        }
    }

    /// ParameterStatus changes after a statement that changed reported settings (`SET TimeZone ...`).
    func parameterChanges(since before: [String: String]) -> [String: String] {
        var changes: [String: String] = [:]
        for entry in Self.reported {
            if let value = session.settings.values[entry.setting], value != before[entry.setting] {
                changes[entry.name] = value
            }
        }
        return changes
    }

    /// A parameter's value as text (the engine reads it like a literal of the parameter's type).
    static func text(of parameter: WireParameter) throws -> String? {
        if parameter.bytes == nil { return nil }
        if let text = parameter.text { return text }
        let value = try parameter.decoded()
        return value.textFormat(type: parameter.typeOID)
    }

    /// The highest `$n` among a statement's tokens (0 when none).
    static func highestParameter(in tokens: [SQLToken]) -> Int {
        tokens.reduce(0) { highest, token in
            if case let .parameter(number) = token.kind { return max(highest, number) }
            return highest
        }
    }
}

/// A value handed between tasks that only one task uses at a time.
struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
