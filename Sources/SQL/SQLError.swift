/// A PostgreSQL SQLSTATE: five characters, the first two naming the class (`42` syntax error or access rule
/// violation, `0A` feature not supported, `22` data exception, `54` program limit exceeded).
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    /// The five-character code, e.g. `42601`.
    public let code: String

    public init(_ code: String) { self.code = code }

    public var description: String { code }

    /// `42601` syntax_error.
    public static let syntaxError = SQLState("42601")
    /// `0A000` feature_not_supported: valid PostgreSQL that this engine refuses.
    public static let featureNotSupported = SQLState("0A000")
    /// `54001` statement_too_complex: nesting beyond the parser's depth limit.
    public static let statementTooComplex = SQLState("54001")
    /// `22P02` invalid_text_representation.
    public static let invalidTextRepresentation = SQLState("22P02")
    /// `22021` character_not_in_repertoire: an escape that makes invalid UTF-8.
    public static let characterNotInRepertoire = SQLState("22021")
    /// `22023` invalid_parameter_value.
    public static let invalidParameterValue = SQLState("22023")
    /// `22003` numeric_value_out_of_range.
    public static let numericValueOutOfRange = SQLState("22003")
    /// `42P01` undefined_table (binder).
    public static let undefinedTable = SQLState("42P01")
    /// `42703` undefined_column (binder).
    public static let undefinedColumn = SQLState("42703")
    /// `42883` undefined_function (binder).
    public static let undefinedFunction = SQLState("42883")
    /// `42704` undefined_object, e.g. an unknown type name (binder).
    public static let undefinedObject = SQLState("42704")
    /// `42702` ambiguous_column (binder).
    public static let ambiguousColumn = SQLState("42702")
    /// `42804` datatype_mismatch (binder).
    public static let datatypeMismatch = SQLState("42804")
    /// `42P02` undefined_parameter (binder).
    public static let undefinedParameter = SQLState("42P02")
    /// `42P07` duplicate_table.
    public static let duplicateTable = SQLState("42P07")
    /// `42P10` invalid_column_reference.
    public static let invalidColumnReference = SQLState("42P10")
    /// `42803` grouping_error (binder).
    public static let groupingError = SQLState("42803")
    /// `42P20` windowing_error (binder).
    public static let windowingError = SQLState("42P20")
}

/// An error of the SQL engine in PostgreSQL's shape: a SQLSTATE, a message worded as PostgreSQL words it
/// (`syntax error at or near "FROM"`), and the 1-based character position in the statement text when one
/// applies (what PostgreSQL reports as `position`).
public struct SQLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var state: SQLState
    public var message: String
    /// 1-based character (Unicode scalar) offset into the statement text, or nil.
    public var position: Int?
    /// An optional hint, as PostgreSQL's `HINT:` line.
    public var hint: String?

    public init(_ state: SQLState, _ message: String, position: Int? = nil, hint: String? = nil) {
        self.state = state
        self.message = message
        self.position = position
        self.hint = hint
    }

    public var description: String {
        var text = "ERROR: \(message) (SQLSTATE \(state.code))"
        if let position { text += " at position \(position)" }
        if let hint { text += "\nHINT: \(hint)" }
        return text
    }

    static func syntax(_ message: String, at position: Int?) -> SQLError {
        SQLError(.syntaxError, message, position: position)
    }

    static func unsupported(_ what: String, at position: Int?) -> SQLError {
        SQLError(.featureNotSupported, "\(what) is not supported", position: position)
    }
}
