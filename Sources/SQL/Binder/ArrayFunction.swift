/// The array and row operations the engine evaluates (`ArrayKernels`), as `ScalarFunction.array`.
public enum ArrayFunction: Hashable, Sendable {
    /// `ARRAY[a, b, ...]`: the arguments are the elements.
    case construct
    /// `ROW(a, b, ...)` / `(a, b)`: the arguments are the fields.
    case row
    /// `a[i][j]...`: the array, then one index per level (1-based; NULL out of range).
    case index
    /// `a[l:u]`: the array, then the lower bound if `lower`, then the upper bound if `upper`.
    case slice(lower: Bool, upper: Bool)
    /// `m['key']` on a lake map: the map and the key.
    case mapGet
    case cardinality
    /// `array_length`, `array_lower`, `array_upper` (array, dimension) and `array_ndims` (array).
    case length, lower, upper, dimensions
    /// `array_append(a, e)`, `array_prepend(e, a)`, `array_cat(a, b)` (also `||`).
    case append, prepend, cat
    /// `array_position(a, e [, start])`, `array_positions(a, e)`.
    case position, positions
    /// `array_remove(a, e)`, `array_replace(a, e, r)`.
    case remove, replace
    /// `array_to_string(a, separator [, null text])`.
    case toText
    /// `string_to_array(text, separator [, null text])`.
    case fromText
    /// `@>`, `<@`, `&&`.
    case contains, containedBy, overlaps
    /// `x op ANY (array)` / `x op ALL (array)`: the value, then the array.
    case quantified(ArrayComparison, all: Bool)
}

/// The comparison of `op ANY|ALL (array)`.
public enum ArrayComparison: String, Hashable, Sendable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

/// A set-returning function: in FROM (a `tableFunction` node) or in a SELECT list (`ScalarFunction.setReturning`).
public enum SetFunction: String, Hashable, Sendable {
    /// `unnest(array)`: the elements (a composite element's fields as columns in FROM).
    case unnest
    /// `generate_series(start, stop [, step])` over integers, numerics and timestamps (interval step).
    case generateSeries = "generate_series"
    /// `regexp_matches(text, pattern[, flags])`: one `text[]` of captures per match (every match with `g`).
    case regexpMatches = "regexp_matches"
    /// `regexp_split_to_table(text, pattern[, flags])`: the pieces between the matches.
    case regexpSplitToTable = "regexp_split_to_table"
}
