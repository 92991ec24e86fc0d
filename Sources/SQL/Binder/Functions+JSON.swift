/// `json` access on `json` values and, as an extension over PostgreSQL, on text holding JSON (the lake keeps JSON
/// documents as strings): `->` / `->>` with a text key or an integer index (negative counts from the end),
/// `json_extract_path` / `json_extract_path_text` with text keys. Invalid JSON is `22P02`, as PostgreSQL.
public enum JSONFunction: Hashable, Sendable {
    /// Arguments: document, key (text) or index (integer).
    case get(asText: Bool)
    /// Arguments: document, keys...
    case extractPath(asText: Bool)
    /// `#>` / `#>>`. Arguments: document, the path as `text[]`.
    case path(asText: Bool)
}

extension Functions {
    static func jsonDocument(_ expression: BoundExpression, _ symbol: String, _ other: BoundExpression) throws
        -> BoundExpression
    {
        switch expression.type {
        case .json: return expression
        case .text, .varchar: return try Operators.coerce(expression, to: .text)
        case .unknown:
            throw SQLError(
                SQLState("42725"), "operator is not unique: unknown \(symbol) \(other.type)",
                position: expression.position.reported,
                hint: "Could not choose a best candidate operator. You might need to add explicit type casts.")
        default:
            throw SQLError(
                .undefinedFunction, "operator does not exist: \(expression.type) \(symbol) \(other.type)",
                position: expression.position.reported,
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.")
        }
    }

    static func jsonGet(_ l: BoundExpression, _ r: BoundExpression, asText: Bool, at position: SourcePosition) throws
        -> BoundExpression
    {
        let symbol = asText ? "->>" : "->"
        let document = try jsonDocument(l, symbol, r)
        let selector: BoundExpression
        if r.type.isInteger {
            selector = try Operators.coerce(r, to: .integer)
        } else if r.type == .unknown || r.type.isString {
            selector = try Operators.coerce(r, to: .text)
        } else {
            throw SQLError(
                .undefinedFunction, "operator does not exist: \(l.type) \(symbol) \(r.type)",
                position: position.reported)
        }
        return BoundExpression(
            .function(.json(.get(asText: asText)), [document, selector]), asText ? .text : .json, at: position)
    }

    /// `document #> path` / `document #>> path` with a `text[]` path (keys, or integer text for array elements).
    static func jsonPath(_ l: BoundExpression, _ r: BoundExpression, asText: Bool, at position: SourcePosition) throws
        -> BoundExpression
    {
        let symbol = asText ? "#>>" : "#>"
        let document = try jsonDocument(l, symbol, r)
        let path: BoundExpression
        if r.type == .unknown || r.type == .arrayOf(.text) {
            path = try Operators.coerce(r, to: .arrayOf(.text))
        } else {
            throw SQLError(
                .undefinedFunction, "operator does not exist: \(l.type) \(symbol) \(r.type)",
                position: position.reported,
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.")
        }
        return BoundExpression(
            .function(.json(.path(asText: asText)), [document, path]), asText ? .text : .json, at: position)
    }

    static func json(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        guard name == "json_extract_path" || name == "json_extract_path_text" else { return nil }
        guard let first = arguments.first, first.type == .json || first.type.isString || first.type == .unknown else {
            throw noFunction(name, arguments, position)
        }
        let document =
            first.type == .unknown ? try Operators.coerce(first, to: .json) : try jsonDocument(first, name, first)
        let keys = try arguments.dropFirst().map { key -> BoundExpression in
            guard key.type.isString || key.type == .unknown else { throw noFunction(name, arguments, position) }
            return try Operators.coerce(key, to: .text)
        }
        let asText = name == "json_extract_path_text"
        return BoundExpression(
            .function(.json(.extractPath(asText: asText)), [document] + keys), asText ? .text : .json, at: position)
    }
}
