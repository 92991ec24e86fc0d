import Columnar

/// A `ColumnBuilder` with its child builders resolved once, mirroring an `NDJSONPlanNode`.
final class NDJSONBuilderNode {
    let builder: ColumnBuilder
    let children: [NDJSONBuilderNode]

    init(_ builder: ColumnBuilder, plan: NDJSONPlanNode) {
        self.builder = builder
        switch plan.kind {
        case .struct:
            children = zip(builder.structChildren, plan.children).map { NDJSONBuilderNode($0, plan: $1) }
        case .list:
            if let values = builder.listValues, let element = plan.children.first {
                children = [NDJSONBuilderNode(values, plan: element)]
            } else {
                children = []
            }
        case .map:
            if let (keys, values) = builder.mapBuilders, plan.children.count == 2 {
                children = [NDJSONBuilderNode(keys, plan: plan.children[0]), NDJSONBuilderNode(values, plan: plan.children[1])]
            } else {
                children = []
            }
        default:
            children = []
        }
    }
}

extension NDJSONRecordDecoder {
    /// Appends the validated record (token 0) to one builder per top-level field.
    /// Only call after `validate(_:)` succeeded on the same view.
    func append(_ view: RecordView, to fields: [NDJSONBuilderNode]) {
        appendStructFields(root, 0, view, fields)
    }

    private func appendStructFields(_ node: NDJSONPlanNode, _ t: Int, _ view: RecordView, _ children: [NDJSONBuilderNode]) {
        let base = Int(scalars[t])
        for i in 0..<children.count {
            let slot = Int(slots[base + i])
            if slot < 0 {
                children[i].builder.appendNull()
            } else {
                append(node.children[i], slot, view, children[i])
            }
        }
    }

    private func append(_ node: NDJSONPlanNode, _ t: Int, _ view: RecordView, _ target: NDJSONBuilderNode) {
        let token = view.tokens[t]
        let builder = target.builder
        if token.kind == .null {
            builder.appendNull()
            return
        }
        switch node.kind {
        case .boolean:
            builder.append(bool: token.kind == .true)
        case .int32, .date:
            builder.append(int32: Int32(truncatingIfNeeded: scalars[t]))
        case .int64, .timestamp:
            builder.append(int64: scalars[t])
        case .float:
            builder.append(float64: Double(bitPattern: UInt64(bitPattern: scalars[t])))
        case .decimal:
            builder.append(decimal: decimals[t])
        case .string:
            builder.append(bytes: view.bytes(of: token))
        case .binary:
            let start = Int(scalars[t] >> 32)
            let count = Int(scalars[t] & 0xFFFF_FFFF)
            builder.append(bytes: arena[start..<(start + count)])
        case .struct:
            appendStructFields(node, t, view, target.children)
            builder.appendStructSlot()
        case .list:
            let element = node.children[0]
            let values = target.children[0]
            var c = t + 1
            for _ in 0..<Int(token.count) {
                append(element, c, view, values)
                c = Int(view.tokens[c].next)
            }
            builder.appendListSlot()
        case .map:
            let keys = target.children[0]
            let values = target.children[1]
            let valueNode = node.children[1]
            var c = t + 1
            for _ in 0..<Int(token.count) {
                keys.builder.append(bytes: view.bytes(of: view.tokens[c]))
                append(valueNode, c + 1, view, values)
                c = Int(view.tokens[c + 1].next)
            }
            builder.appendListSlot()
        }
    }
}
