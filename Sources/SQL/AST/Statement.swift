/// One SQL statement of the supported PostgreSQL subset.
public indirect enum Statement: Hashable, Sendable, CustomStringConvertible {
    case query(Query)
    case createTableAs(CreateTableAs)
    case insert(Insert)
    case createView(CreateView)
    case drop(Drop)
    case explain(Explain)
    case set(SetVariable)
    case show(ShowVariable)
    case reset(ResetVariable)
    case transaction(TransactionControl)
    case copy(Copy)

    public var description: String { SQLFormatter().statement(self) }
}

/// `CREATE TABLE [IF NOT EXISTS] name [(columns)] AS query [WITH [NO] DATA]`
public struct CreateTableAs: Hashable, Sendable {
    public var name: ObjectName
    public var ifNotExists: Bool
    public var columns: [Identifier]
    public var query: Query
    /// false for `WITH NO DATA`.
    public var withData: Bool
    public var position: SourcePosition

    public init(
        name: ObjectName, ifNotExists: Bool = false, columns: [Identifier] = [], query: Query, withData: Bool = true,
        at position: SourcePosition = .none
    ) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.query = query
        self.withData = withData
        self.position = position
    }
}

/// `[WITH ...] INSERT INTO name [(columns)] query`
public struct Insert: Hashable, Sendable {
    public var table: ObjectName
    public var columns: [Identifier]
    /// The rows: a query, often `VALUES (...)`; a `WITH` before `INSERT` becomes this query's `WITH`.
    public var source: Query
    public var position: SourcePosition

    public init(table: ObjectName, columns: [Identifier] = [], source: Query, at position: SourcePosition = .none) {
        self.table = table
        self.columns = columns
        self.source = source
        self.position = position
    }
}

/// `CREATE [OR REPLACE] VIEW name [(columns)] AS query`
public struct CreateView: Hashable, Sendable {
    public var name: ObjectName
    public var orReplace: Bool
    public var columns: [Identifier]
    public var query: Query
    public var position: SourcePosition

    public init(
        name: ObjectName, orReplace: Bool = false, columns: [Identifier] = [], query: Query,
        at position: SourcePosition = .none
    ) {
        self.name = name
        self.orReplace = orReplace
        self.columns = columns
        self.query = query
        self.position = position
    }
}

/// `DROP TABLE|VIEW [IF EXISTS] name, ... [CASCADE|RESTRICT]`
public struct Drop: Hashable, Sendable {
    public enum ObjectKind: String, Hashable, Sendable {
        case table = "TABLE"
        case view = "VIEW"
    }

    public enum Behavior: String, Hashable, Sendable {
        case cascade = "CASCADE"
        case restrict = "RESTRICT"
    }

    public var kind: ObjectKind
    public var ifExists: Bool
    public var names: [ObjectName]
    public var behavior: Behavior?
    public var position: SourcePosition

    public init(
        _ kind: ObjectKind, ifExists: Bool = false, names: [ObjectName], behavior: Behavior? = nil,
        at position: SourcePosition = .none
    ) {
        self.kind = kind
        self.ifExists = ifExists
        self.names = names
        self.behavior = behavior
        self.position = position
    }
}

/// `EXPLAIN [ANALYZE] [VERBOSE] statement` or `EXPLAIN (option [value], ...) statement`; the legacy keywords
/// arrive as options named `analyze` and `verbose`.
public struct Explain: Hashable, Sendable {
    public struct Option: Hashable, Sendable {
        /// Lower-cased option name (`analyze`, `verbose`, `costs`, `format`, ...).
        public var name: String
        /// The value as written (`true`, `off`, `json`, `1`), nil when absent (meaning true).
        public var value: String?

        public init(_ name: String, _ value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public var options: [Option]
    public var statement: Statement
    public var position: SourcePosition

    public init(options: [Option] = [], statement: Statement, at position: SourcePosition = .none) {
        self.options = options
        self.statement = statement
        self.position = position
    }

    /// Whether the statement is to be run and measured (`ANALYZE`, `ANALYZE true|on|1`).
    public var analyze: Bool {
        guard let option = options.last(where: { $0.name == "analyze" || $0.name == "analyse" }) else { return false }
        guard let value = option.value?.lowercased() else { return true }
        return ["true", "on", "1", "yes"].contains(value)
    }
}

/// A setting's value in `SET`: PostgreSQL turns words into strings (`SET x TO on` sets `'on'`).
public enum SettingValue: Hashable, Sendable {
    case string(String)
    /// A number's text, with its sign.
    case number(String)
}

/// `SET [SESSION|LOCAL] name {TO|=} value, ...|DEFAULT`; `SET TIME ZONE x` arrives as name `timezone`.
public struct SetVariable: Hashable, Sendable {
    public var local: Bool
    /// Lower-cased, dotted for custom settings (`outflow.memory_limit`).
    public var name: String
    /// Empty for `DEFAULT` (`SET TIME ZONE LOCAL` too).
    public var values: [SettingValue]
    public var position: SourcePosition

    public init(local: Bool = false, name: String, values: [SettingValue], at position: SourcePosition = .none) {
        self.local = local
        self.name = name
        self.values = values
        self.position = position
    }
}

/// `SHOW name` or `SHOW ALL` (`name == "all"`).
public struct ShowVariable: Hashable, Sendable {
    public var name: String
    public var position: SourcePosition

    public init(_ name: String, at position: SourcePosition = .none) {
        self.name = name
        self.position = position
    }
}

/// `RESET name` or `RESET ALL` (`name == "all"`).
public struct ResetVariable: Hashable, Sendable {
    public var name: String
    public var position: SourcePosition

    public init(_ name: String, at position: SourcePosition = .none) {
        self.name = name
        self.position = position
    }
}

/// `BEGIN`, `START TRANSACTION`, `COMMIT`/`END`, `ROLLBACK`/`ABORT`, with transaction modes.
public struct TransactionControl: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable {
        case begin = "BEGIN"
        case start = "START TRANSACTION"
        case commit = "COMMIT"
        case rollback = "ROLLBACK"
    }

    public enum Mode: Hashable, Sendable {
        /// `ISOLATION LEVEL SERIALIZABLE|REPEATABLE READ|READ COMMITTED|READ UNCOMMITTED` (lower-cased words).
        case isolationLevel(String)
        case readOnly(Bool)
        case deferrable(Bool)
    }

    public var action: Action
    public var modes: [Mode]
    public var position: SourcePosition

    public init(_ action: Action, modes: [Mode] = [], at position: SourcePosition = .none) {
        self.action = action
        self.modes = modes
        self.position = position
    }
}
