/// `SELECT DISTINCT ON (expressions)` with PostgreSQL's rule: the ORDER BY items that are DISTINCT ON
/// expressions come first (`42P10` otherwise), and the DISTINCT ON expressions not in ORDER BY are sorted after
/// it (ascending) so that equal keys are adjacent for the `distinctOn` node.
extension Binder {
    static func distinctOnOrder(
        _ sortKeys: [(Int, OrderItem)], _ distinctOn: [Int], positions: [SourcePosition]
    ) throws -> [(Int, OrderItem)] {
        func mismatch(_ position: SourcePosition) -> SQLError {
            SQLError(
                .invalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                position: position.reported)
        }
        // The DISTINCT ON expression behind each key, for the error's position.
        func position(of index: Int) -> SourcePosition {
            guard let at = distinctOn.firstIndex(of: index), at < positions.count else { return .none }
            return positions[at]
        }
        var skipped = false
        for (index, _) in sortKeys {
            if distinctOn.contains(index) {
                if skipped { throw mismatch(position(of: index)) }
            } else {
                skipped = true
            }
        }
        var keys = sortKeys
        for index in distinctOn where !sortKeys.contains(where: { $0.0 == index }) {
            if skipped { throw mismatch(position(of: index)) }
            keys.append((index, OrderItem(Expression(.literal(.null)))))
        }
        return keys
    }
}
