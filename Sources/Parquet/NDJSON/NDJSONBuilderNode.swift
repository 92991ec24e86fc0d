import Columnar

/// The column builders of one batch, one per plan entry (entry 0, the record, has none), resolved
/// once so that appending needs no lookups and no reference counting.
struct NDJSONBuilderSet {
    /// The top-level builders, which own every nested builder.
    let topLevel: [ColumnBuilder]
    /// Unretained builder per plan entry; valid while `topLevel` lives.
    let byEntry: [Unmanaged<ColumnBuilder>?]

    init(plan: NDJSONPlan, types: [DataType], capacity: Int) {
        let top = types.map { ColumnBuilder(type: $0, capacity: capacity) }
        var resolved = [ColumnBuilder?](repeating: nil, count: plan.entries.count)
        let root = plan.entries[0]
        for (i, builder) in top.enumerated() where i < root.childCount { resolved[root.childStart + i] = builder }
        // Breadth-first order puts parents before children.
        for index in 1..<max(1, plan.entries.count) {
            guard let builder = resolved[index] else { continue }
            let entry = plan.entries[index]
            switch entry.kind {
            case .struct:
                for (i, child) in builder.structChildren.enumerated() where i < entry.childCount {
                    resolved[entry.childStart + i] = child
                }
            case .list:
                resolved[entry.childStart] = builder.listValues
            case .map:
                if let (keys, values) = builder.mapBuilders {
                    resolved[entry.childStart] = keys
                    resolved[entry.childStart + 1] = values
                }
            default:
                break
            }
        }
        topLevel = top
        byEntry = resolved.map { $0.map { Unmanaged.passUnretained($0) } }
    }

    /// Finished columns of the top-level builders.
    func finish() -> [Column] {
        topLevel.map { $0.finish() }
    }
}
