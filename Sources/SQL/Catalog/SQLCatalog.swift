/// The tables a statement can name.
public protocol SQLCatalog: Sendable {
    /// Every table's name, as stored (the lake's spelling, e.g. `webEvents`).
    var tableNames: [String] { get }
    /// The table stored as `name` exactly.
    func table(named name: String) -> (any TableProvider)?
    /// Every view's name, as stored (default: none; see `SQLView`).
    var viewNames: [String] { get }
    /// The view stored as `name` exactly (default: nil).
    func view(named name: String) -> SQLView?
    /// The session the system catalogs describe (default: database and user `outflow`; `CatalogSession`).
    var session: CatalogSession { get }
    /// What a table's `pg_class` OID is derived from (default: its name; a lake table's dataset id).
    func stableKey(ofTable name: String) -> String
}

extension SQLCatalog {
    /// The table an identifier names: unquoted names match case-insensitively (an exact match of the folded
    /// name wins over other spellings), quoted names exactly. `public.` is accepted as the only schema.
    func resolve(_ name: ObjectName) throws(SQLError) -> any TableProvider {
        var parts = name.parts
        if parts.count == 2, parts[0].value == "public" { parts.removeFirst() }
        guard parts.count == 1, let identifier = parts.first else {
            throw SQLError(.undefinedTable, "relation \"\(name)\" does not exist", position: name.position.reported)
        }
        switch NameMatch.match(identifier, in: tableNames) {
        case let .found(index):
            if let table = table(named: tableNames[index]) { return table }
        case .ambiguous:
            throw SQLError(
                .ambiguousColumn, "table name \"\(identifier.original)\" is ambiguous",
                position: name.position.reported)
        case .notFound:
            break
        }
        throw SQLError(
            .undefinedTable, "relation \"\(identifier.original)\" does not exist", position: name.position.reported)
    }
}

/// How an identifier matches stored names.
enum NameMatch: Equatable {
    case found(Int)
    case ambiguous
    case notFound

    static func match(_ identifier: Identifier, in names: [String]) -> NameMatch {
        if identifier.quoted {
            let hits = names.indices.filter { names[$0] == identifier.value }
            return hits.count == 1 ? .found(hits[0]) : (hits.isEmpty ? .notFound : .ambiguous)
        }
        let hits = names.indices.filter { Identifier.fold(names[$0]) == identifier.value }
        if hits.count == 1 { return .found(hits[0]) }
        if hits.isEmpty { return .notFound }
        let exact = hits.filter { names[$0] == identifier.value }
        return exact.count == 1 ? .found(exact[0]) : .ambiguous
    }

    static func matches(_ identifier: Identifier, _ name: String) -> Bool {
        identifier.quoted ? name == identifier.value : Identifier.fold(name) == identifier.value
    }
}

extension SourcePosition {
    /// The position for an error, nil for nodes built by hand.
    var reported: Int? { offset > 0 ? offset : nil }
}
