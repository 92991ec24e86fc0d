import Foundation
import PostgresWire
import Synchronization

/// A tiny engine for the server's tests: a few statements it recognizes, rows from an in-test table, errors with
/// SQLSTATEs, a series to stream, a statement that runs until cancelled, one that fails after its first rows, and
/// `COPY (one of those) TO STDOUT` (`FakeCopy`).
final class FakeSessionFactory: WireSessionFactory {
    let opened = Atomic<Int>(0)
    let closed = Atomic<Int>(0)
    let running = Atomic<Int>(0)
    let rowsProduced = Atomic<Int>(0)
    /// `pg_sleep` statements that ended by cancellation (not by running out).
    let sleepsCanceled = Atomic<Int>(0)

    func makeSession(user: String, database: String, parameters: StartupMessage) async throws -> any WireSession {
        guard database == "prod" else {
            throw WireError(severity: .fatal, sqlState: "3D000", message: "database \"\(database)\" does not exist")
        }
        opened.add(1, ordering: .relaxed)
        return FakeSession(factory: self)
    }
}

final class FakeSession: WireSession {
    let factory: FakeSessionFactory
    private let canceled = Atomic<Bool>(false)

    init(factory: FakeSessionFactory) { self.factory = factory }

    var startupParameters: [(name: String, value: String)] { [("outflow_sandbox", "prod")] }

    enum Kind: Sendable {
        case one
        case items
        case series(Int)
        case echo
        case divideByZero
        case sleep
        case set(String, String)
        case failing
    }

    struct Statement: WirePreparedStatement {
        var kind: Kind
        var parameterTypes: [UInt32]
        var columns: [WireColumn]?
        var copyOut: WireCopyOut? = nil
    }

    static let itemColumns = [
        WireColumn(name: "id", typeOID: WireType.int4, tableOID: 16_384, attributeNumber: 1),
        WireColumn(name: "name", typeOID: WireType.text, tableOID: 16_384, attributeNumber: 2),
        WireColumn(name: "price", typeOID: WireType.numeric, typeModifier: (10 << 16 | 2) + 4),
        WireColumn(name: "day", typeOID: WireType.date),
        WireColumn(name: "at", typeOID: WireType.timestamptz),
        WireColumn(name: "ok", typeOID: WireType.bool),
        WireColumn(name: "score", typeOID: WireType.float8),
        WireColumn(name: "tags", typeOID: 1009),
        WireColumn(name: "big", typeOID: WireType.int8),
    ]

    static let items: [WireRow] = [
        [
            .int32(1), .text("apple"), .numeric("1.50"), .date(8_766), .timestamptz(757_382_400_000_000), .bool(true),
            .float64(0.1), .array([.text("red"), .text("fruit")]), .int64(9_000_000_000),
        ],
        [
            .int32(2), .text("pear"), .numeric("-0.25"), .date(0), .timestamptz(0), .bool(false), .float64(1e20),
            .array([]), .int64(-1),
        ],
        [.int32(3), .null, .null, .null, .null, .null, .null, .null, .null],
    ]

    static let typeNames: [String: UInt32] = [
        "int4": WireType.int4, "int8": WireType.int8, "text": WireType.text, "float8": WireType.float8,
        "bool": WireType.bool, "numeric": WireType.numeric, "date": WireType.date, "bytea": WireType.bytea,
        "timestamptz": WireType.timestamptz,
    ]

    func prepare(sql: String, parameterTypes: [UInt32]) async throws -> any WirePreparedStatement {
        if let copy = try FakeCopy.parse(sql) {
            guard var statement = try await prepare(sql: copy.query, parameterTypes: parameterTypes) as? Statement
            else { throw WireError(sqlState: "XX000", message: "foreign") }
            var options = copy.options
            if !copy.forceQuoteNames.isEmpty {
                let names = (statement.columns ?? []).map(\.name)
                options.forceQuote = .columns(Set(copy.forceQuoteNames.compactMap { names.firstIndex(of: $0) }))
            }
            statement.copyOut = options
            return statement
        }
        let text = sql.lowercased()
        if text == "select 1" {
            return Statement(
                kind: .one, parameterTypes: [], columns: [WireColumn(name: "?column?", typeOID: WireType.int4)])
        }
        if text == "select * from items" || text == "select * from items order by id" {
            return Statement(kind: .items, parameterTypes: [], columns: Self.itemColumns)
        }
        if text.hasPrefix("select * from generate_series(1,"),
            let count = Int(text.dropFirst(32).prefix { $0.isNumber })
        {
            return Statement(
                kind: .series(count), parameterTypes: [], columns: [WireColumn(name: "n", typeOID: WireType.int8)])
        }
        if text == "select 1/0" {
            return Statement(
                kind: .divideByZero, parameterTypes: [], columns: [WireColumn(name: "?column?", typeOID: WireType.int4)]
            )
        }
        if text == "select * from failing" {
            return Statement(
                kind: .failing, parameterTypes: [], columns: [WireColumn(name: "n", typeOID: WireType.int8)])
        }
        if text.hasPrefix("select pg_sleep") {
            return Statement(kind: .sleep, parameterTypes: [], columns: [WireColumn(name: "pg_sleep", typeOID: 2278)])
        }
        if text.hasPrefix("set "), let equals = text.firstIndex(where: { $0 == "=" }) {
            let name = text.dropFirst(4)[..<equals].split(separator: " ").first.map(String.init) ?? ""
            let value = String(sql[sql.index(after: equals)...]).trimmingCharacters(in: [" ", "'"])
            return Statement(kind: .set(name, value), parameterTypes: [], columns: nil)
        }
        if text.hasPrefix("select $") {
            // select $1::type, $2 ...: a parameter's type is the client's, else the cast's, else text; a column's
            // type is the cast's, else its parameter's.
            var types: [UInt32] = []
            var columns: [WireColumn] = []
            for (index, item) in text.dropFirst(7).split(separator: ",").enumerated() {
                let parts = item.split(separator: ":", omittingEmptySubsequences: true)
                let declared = parts.count > 1 ? Self.typeNames[parts[1].trimmingCharacters(in: [" "])] : nil
                let client = index < parameterTypes.count ? parameterTypes[index] : 0
                let type = client != 0 && client != WireType.unknown ? client : declared ?? WireType.text
                types.append(type)
                columns.append(WireColumn(name: "p\(index + 1)", typeOID: declared ?? type))
            }
            return Statement(kind: .echo, parameterTypes: types, columns: columns)
        }
        let word = sql.split(separator: " ").first.map(String.init) ?? sql
        throw WireError(sqlState: "42601", message: "syntax error at or near \"\(word)\"", position: 1)
    }

    func execute(_ statement: any WirePreparedStatement, parameters: [WireParameter]) async throws
        -> any WireResultCursor
    {
        guard let statement = statement as? Statement else { throw WireError(sqlState: "XX000", message: "foreign") }
        canceled.store(false, ordering: .relaxed)
        switch statement.kind {
        case .one: return FakeCursor(rows: [[.int32(1)]], command: "SELECT")
        case .items: return FakeCursor(rows: Self.items, command: "SELECT")
        case .series(let count): return SeriesCursor(count: count, factory: factory)
        case .echo:
            var row: WireRow = []
            for (parameter, column) in zip(parameters, statement.columns ?? []) {
                row.append(try Self.convert(try parameter.decoded(), to: column.typeOID))
            }
            return FakeCursor(rows: [row], command: "SELECT")
        case .divideByZero: throw WireError(sqlState: "22012", message: "division by zero")
        case .failing: return FailingCursor()
        case .sleep:
            factory.running.add(1, ordering: .relaxed)
            defer { factory.running.subtract(1, ordering: .relaxed) }
            for _ in 0..<3000 {
                if canceled.load(ordering: .relaxed) || Task.isCancelled {
                    factory.sleepsCanceled.add(1, ordering: .relaxed)
                    throw WireError.queryCanceled
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return FakeCursor(rows: [[.null]], command: "SELECT")
        case .set(let name, let value):
            let reported = name == "application_name" ? [name: value] : [:]
            return FakeCursor(rows: [], command: "SET", parameterChanges: reported)
        }
    }

    /// The cast of `$n::type` for the few types the tests use.
    static func convert(_ value: WireValue, to type: UInt32) throws -> WireValue {
        let integer: Int64?
        switch value {
        case .int16(let number): integer = Int64(number)
        case .int32(let number): integer = Int64(number)
        case .int64(let number): integer = number
        case .text(let text) where type == WireType.int4 || type == WireType.int8:
            guard let number = Int64(text) else {
                throw WireError(sqlState: "22P02", message: "invalid input syntax for type integer: \"\(text)\"")
            }
            integer = number
        default: integer = nil
        }
        switch (type, integer) {
        case (WireType.int4, let number?): return .int32(Int32(clamping: number))
        case (WireType.int8, let number?): return .int64(number)
        case (WireType.text, let number?): return .text(String(number))
        default: return value
        }
    }

    func cancel() { canceled.store(true, ordering: .relaxed) }

    func close() async { factory.closed.add(1, ordering: .relaxed) }
}

/// Rows given at once, then the completion.
final class FakeCursor: WireResultCursor {
    private let state: Mutex<(rows: [WireRow]?, completion: WireCompletion)>

    init(rows: [WireRow], command: String, parameterChanges: [String: String] = [:]) {
        state = Mutex(
            (rows, WireCompletion(command: command, rowCount: rows.count, parameterChanges: parameterChanges)))
    }

    func next() async throws -> WireResultPart {
        state.withLock { state in
            if let rows = state.rows {
                state.rows = nil
                return .rows(rows)
            }
            return .complete(state.completion)
        }
    }
}

/// 1...count in batches of 1,000, counting what it produced (to show that a client that stops reading stalls it).
final class SeriesCursor: WireResultCursor {
    private let count: Int
    private let factory: FakeSessionFactory
    private let position = Atomic<Int>(0)

    init(count: Int, factory: FakeSessionFactory) {
        self.count = count
        self.factory = factory
    }

    func next() async throws -> WireResultPart {
        let start = position.load(ordering: .relaxed)
        guard start < count else { return .complete(WireCompletion(command: "SELECT", rowCount: count)) }
        let end = min(start + 1000, count)
        position.store(end, ordering: .relaxed)
        factory.rowsProduced.add(end - start, ordering: .relaxed)
        return .rows((start..<end).map { [.int64(Int64($0 + 1))] })
    }
}

/// 1,000 rows, then division by zero: an error in the middle of a result.
final class FailingCursor: WireResultCursor {
    private let calls = Atomic<Int>(0)

    func next() async throws -> WireResultPart {
        guard calls.add(1, ordering: .relaxed).oldValue == 0 else {
            throw WireError(sqlState: "22012", message: "division by zero")
        }
        return .rows((1...1000).map { [.int64(Int64($0))] })
    }
}
