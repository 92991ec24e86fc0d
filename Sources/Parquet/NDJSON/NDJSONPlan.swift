/// One schema node of a flattened `NDJSONPlan`: plain data, so the hot loop reads it without
/// reference counting.
struct PlanEntry {
    var kind: NDJSONPlanNode.Kind
    var nullable: Bool
    /// Children (struct fields, list element, map key and value) are the entries
    /// `childStart ..< childStart + childCount`.
    var childStart: Int
    var childCount: Int
    /// The field name is `names[nameStart ..< nameStart + nameCount]`.
    var nameStart: Int
    var nameCount: Int
}

/// A schema compiled for the NDJSON reader: entries in breadth-first order (entry 0 is the record),
/// each entry's children contiguous, names in one byte pool. Immutable after init.
final class NDJSONPlan: @unchecked Sendable {
    /// The tree form, for error messages (`nodes[i]` describes `entries[i]`).
    let nodes: [NDJSONPlanNode]
    let entries: UnsafeMutableBufferPointer<PlanEntry>
    let names: UnsafeMutableBufferPointer<UInt8>

    init(root: NDJSONPlanNode) {
        var nodes = [root]
        var flat: [PlanEntry] = [
            PlanEntry(
                kind: root.kind, nullable: root.nullable, childStart: 0, childCount: 0, nameStart: 0, nameCount: 0)
        ]
        var pool: [UInt8] = []
        var next = 0
        while next < nodes.count {
            let node = nodes[next]
            flat[next].childStart = nodes.count
            flat[next].childCount = node.children.count
            for child in node.children {
                flat.append(
                    PlanEntry(
                        kind: child.kind, nullable: child.nullable, childStart: 0, childCount: 0,
                        nameStart: pool.count, nameCount: child.nameBytes.count))
                pool.append(contentsOf: child.nameBytes)
                nodes.append(child)
            }
            next += 1
        }
        self.nodes = nodes
        entries = UnsafeMutableBufferPointer.allocate(capacity: flat.count)
        _ = entries.initialize(from: flat)
        names = UnsafeMutableBufferPointer.allocate(capacity: max(1, pool.count))
        _ = names.initialize(from: pool)
    }

    deinit {
        entries.deallocate()
        names.deallocate()
    }
}
