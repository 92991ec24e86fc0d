/// PostgreSQL's implicit coercion rules for the engine's types (`select_common_type`, `can_coerce_type`).
enum Coercion {
    /// Whether a value of `source` converts implicitly to `target`.
    static func implicit(from source: SQLType, to target: SQLType) -> Bool {
        if source == target || source == .unknown { return true }
        if source.isArray, source.normalizedArray == target.normalizedArray { return true }
        if let from = source.numericRank, let to = target.numericRank {
            if from < to { return true }
            // numeric(p,s) and unconstrained numeric convert to each other.
            return source.isDecimal && target.isDecimal
        }
        switch (source, target) {
        case (.date, .timestamp), (.timestamp(false), .timestamp(true)), (.time, .interval): return true
        case (.bpchar, .text), (.varchar, .text): return true
        default: return false
        }
    }

    /// The type a set of expressions is unified to (CASE, COALESCE, UNION, VALUES, IN, ...).
    static func common(_ types: [SQLType], context: String) throws(SQLError) -> SQLType {
        let known = types.filter { $0 != .unknown }
        guard var result = known.first else { return .text }
        for type in known.dropFirst() where type != result {
            if implicit(from: type, to: result) { continue }
            if implicit(from: result, to: type) {
                result = type
                continue
            }
            if result.isDecimal, type.isDecimal {
                result = .anyNumeric
                continue
            }
            if result.isString, type.isString {
                result = result.withoutLength == type.withoutLength ? result.withoutLength : .text
                continue
            }
            throw SQLError(.datatypeMismatch, "\(context) types \(result) and \(type) cannot be matched")
        }
        if case .numeric(.some, _) = result, known.contains(where: { $0.isDecimal && $0 != result }) {
            result = .anyNumeric
        }
        return result
    }
}
