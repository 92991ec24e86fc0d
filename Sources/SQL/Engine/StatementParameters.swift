import Synchronization

/// The `$1`, `$2`, ... of a statement prepared through the extended query protocol: the types the client declared
/// and, when it runs, the values it bound.
///
/// A value binds as PostgreSQL binds a parameter: like a literal of the parameter's type (`'42'::integer`), or,
/// when the type is left to the server (nil), like an untyped string literal whose type the context decides
/// (`col = $1` takes `col`'s type). While a statement is only described (`values` nil), each parameter is a NULL
/// of its type, and `SQLEngine.describe` reports the type the context gave each undeclared one.
public struct StatementParameters: Sendable, Equatable {
    /// The declared type of each parameter; nil: inferred from its use.
    public var types: [SQLType?]
    /// Each parameter's value as text (PostgreSQL's text form of its type; nil is NULL), or nil while describing.
    public var values: [String?]?

    public init(types: [SQLType?], values: [String?]? = nil) {
        self.types = types
        self.values = values
    }
}

/// Collects the types that binding gives undeclared parameters while a statement is described: each such
/// parameter binds as an untyped NULL at its own source offset, and `Operators.coerce` reports the type it casts
/// that NULL to.
final class ParameterInference: Sendable {
    @TaskLocal static var current: ParameterInference?

    /// Source offset of each undeclared parameter's occurrence -> its number (1-based).
    private let occurrences = Mutex<[Int: Int]>([:])
    private let inferred = Mutex<[Int: SQLType]>([:])

    func placeholder(_ number: Int, at offset: Int) {
        occurrences.withLock { $0[offset] = number }
    }

    /// The NULL at `offset` was cast to `type`: if it is a parameter's, the first such type is the parameter's.
    func coerced(at offset: Int, to type: SQLType) {
        guard let number = occurrences.withLock({ $0[offset] }) else { return }
        inferred.withLock { if $0[number] == nil { $0[number] = type } }
    }

    func type(of number: Int) -> SQLType? { inferred.withLock { $0[number] } }
}
