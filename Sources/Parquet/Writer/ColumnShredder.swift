import Columnar

/// Turns one top-level `Column` into leaf buffers (definition/repetition levels plus non-null values),
/// following Parquet's record shredding (Dremel). Flat columns take a fast path with no per-value work
/// beyond copying.
struct ColumnShredder {
    let leaves: [LeafDescriptor]

    /// Level entries being pushed down the tree: `index` is the row of the current column, or -1 for an
    /// entry already closed by a null or empty ancestor (its `def` is then final).
    private struct Slots {
        var index: [Int32] = []
        var def: [UInt8] = []
        var rep: [UInt8] = []
    }

    /// Shreds rows `rows` of `column` (shaped by `node`) into one buffer per leaf under the node,
    /// keyed by leaf index.
    func shred(_ column: Column, node: ColumnNode, rows: Range<Int>? = nil) throws(ParquetError) -> [(Int, LeafBuffer)]
    {
        let rows = rows ?? 0..<column.count
        if case let .leaf(index, nullable) = node {
            return [(index, try flatLeaf(column, leaf: leaves[index], nullable: nullable, rows: rows))]
        }
        var slots = Slots()
        slots.index = (Int32(rows.lowerBound)..<Int32(rows.upperBound)).map { $0 }
        slots.def = [UInt8](repeating: 0, count: rows.count)
        slots.rep = [UInt8](repeating: 0, count: rows.count)
        var out: [(Int, LeafBuffer)] = []
        try shred(column, node: node, slots: slots, def: 0, rep: 0, rows: rows.count, into: &out)
        return out
    }

    private func flatLeaf(_ column: Column, leaf: LeafDescriptor, nullable: Bool, rows: Range<Int>) throws(ParquetError)
        -> LeafBuffer
    {
        var buffer: LeafBuffer
        if nullable, let validity = column.validity, column.nullCount > 0 {
            var levels = [UInt8](repeating: 0, count: rows.count)
            var indices: [Int32] = []
            indices.reserveCapacity(rows.count)
            for i in rows where validity[i] {
                levels[i - rows.lowerBound] = 1
                indices.append(Int32(i))
            }
            buffer = LeafBuffer(values: try gather(column, leaf: leaf, indices: indices))
            buffer.definitionLevels = levels
        } else {
            if !nullable && column.nullCount > 0 {
                throw ParquetError(.invalidArgument, "required column holds nulls", fieldPath: leaf.dottedPath)
            }
            let all = rows == 0..<column.count
            buffer = LeafBuffer(
                values: try gather(
                    column, leaf: leaf,
                    indices: all ? nil : (Int32(rows.lowerBound)..<Int32(rows.upperBound)).map { $0 }))
            if nullable { buffer.definitionLevels = [UInt8](repeating: 1, count: rows.count) }
        }
        buffer.levelCount = rows.count
        buffer.rowCount = rows.count
        return buffer
    }

    private func shred(
        _ column: Column, node: ColumnNode, slots inSlots: Slots, def: Int, rep: Int, rows: Int,
        into out: inout [(Int, LeafBuffer)]
    ) throws(ParquetError) {
        var slots = inSlots
        let myDef = def + (node.nullable ? 1 : 0)
        let nullable = node.nullable
        let validity = column.validity
        for k in 0..<slots.index.count {
            let i = slots.index[k]
            guard i >= 0 else { continue }
            if let validity, !validity[Int(i)] {
                guard nullable else {
                    throw ParquetError(.invalidArgument, "required field holds nulls", fieldPath: leafPath(node))
                }
                slots.index[k] = -1
                slots.def[k] = UInt8(def)
            } else {
                slots.def[k] = UInt8(myDef)
            }
        }
        switch (node, column.storage) {
        case let (.leaf(index, _), _):
            let leaf = leaves[index]
            var indices: [Int32] = []
            indices.reserveCapacity(slots.index.count)
            for i in slots.index where i >= 0 { indices.append(i) }
            var buffer = LeafBuffer(values: try gather(column, leaf: leaf, indices: indices))
            if leaf.maxDefinition > 0 { buffer.definitionLevels = slots.def }
            if leaf.maxRepetition > 0 { buffer.repetitionLevels = slots.rep }
            buffer.levelCount = slots.index.count
            buffer.rowCount = rows
            out.append((index, buffer))
        case let (.struct(_, children), .struct(columns)):
            guard children.count == columns.count else { throw mismatch(node) }
            for (child, childColumn) in zip(children, columns) {
                try shred(childColumn, node: child, slots: slots, def: myDef, rep: rep, rows: rows, into: &out)
            }
        case let (.list(_, element), .list(offsets, values)):
            let childSlots = expand(slots, offsets: offsets, def: myDef, rep: rep)
            try shred(values, node: element, slots: childSlots, def: myDef + 1, rep: rep + 1, rows: rows, into: &out)
        case let (.map(_, keyNode, valueNode), .map(offsets, keys, values)):
            let childSlots = expand(slots, offsets: offsets, def: myDef, rep: rep)
            try shred(keys, node: keyNode, slots: childSlots, def: myDef + 1, rep: rep + 1, rows: rows, into: &out)
            try shred(values, node: valueNode, slots: childSlots, def: myDef + 1, rep: rep + 1, rows: rows, into: &out)
        default:
            throw mismatch(node)
        }
    }

    /// One slot per list element; empty and null lists stay as closed slots.
    private func expand(_ slots: Slots, offsets: [Int32], def: Int, rep: Int) -> Slots {
        var out = Slots()
        out.index.reserveCapacity(slots.index.count)
        out.def.reserveCapacity(slots.index.count)
        out.rep.reserveCapacity(slots.index.count)
        let childRep = UInt8(rep + 1)
        for k in 0..<slots.index.count {
            let i = Int(slots.index[k])
            if i < 0 {
                out.index.append(-1)
                out.def.append(slots.def[k])
                out.rep.append(slots.rep[k])
                continue
            }
            let start = offsets[i]
            let end = offsets[i + 1]
            if start >= end {
                out.index.append(-1)
                out.def.append(UInt8(def))
                out.rep.append(slots.rep[k])
                continue
            }
            for j in start..<end {
                out.index.append(j)
                out.def.append(UInt8(def + 1))
                out.rep.append(j == start ? slots.rep[k] : childRep)
            }
        }
        return out
    }

    private func leafPath(_ node: ColumnNode) -> String {
        leaves.indices.contains(node.firstLeaf) ? leaves[node.firstLeaf].dottedPath : ""
    }

    private func mismatch(_ node: ColumnNode) -> ParquetError {
        ParquetError(.schemaMismatch, "column storage does not match the schema", fieldPath: leafPath(node))
    }

    /// The byte strings at `indices` (valid row indices of `offsets`), packed: one pass sizes, one copies.
    static func gatherBytes(offsets: [Int32], data: [UInt8], indices: [Int32]) -> LeafValues {
        offsets.withUnsafeBufferPointer { o in
            var total = 0
            for i in indices { total += Int(o[Int(i) + 1]) - Int(o[Int(i)]) }
            let newData = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
                data.withUnsafeBufferPointer { src in
                    var w = 0
                    if let dst = out.baseAddress, let from = src.baseAddress {
                        for i in indices {
                            let start = Int(o[Int(i)])
                            let n = Int(o[Int(i) + 1]) - start
                            (dst + w).initialize(from: from + start, count: n)
                            w += n
                        }
                    }
                    initialized = w
                }
            }
            let newOffsets = [Int32](unsafeUninitializedCapacity: indices.count + 1) { out, initialized in
                guard let dst = out.baseAddress else { return }
                var w: Int32 = 0
                dst.initialize(to: 0)
                for (k, i) in indices.enumerated() {
                    w &+= o[Int(i) + 1] &- o[Int(i)]
                    (dst + k + 1).initialize(to: w)
                }
                initialized = indices.count + 1
            }
            return .bytes(offsets: newOffsets, data: newData)
        }
    }

    /// The values at `indices` (all values when nil) in the leaf's physical form.
    private func gather(_ column: Column, leaf: LeafDescriptor, indices: [Int32]?) throws(ParquetError) -> LeafValues {
        func pick<T>(_ v: [T]) -> [T] {
            guard let indices else { return v }
            return v.withUnsafeBufferPointer { src in indices.map { src[Int($0)] } }
        }
        switch column.storage {
        case let .boolean(bits):
            if let indices { return .boolean(indices.map { bits[Int($0)] }) }
            return .boolean((0..<column.count).map { bits[$0] })
        case let .int32(v): return .int32(pick(v))
        case let .int64(v): return .int64(pick(v))
        case let .float32(v): return .float(pick(v))
        case let .float64(v): return .double(pick(v))
        case let .decimal(v):
            let picked = pick(v)
            guard case let .decimal(precision, _) = leaf.type else {
                throw ParquetError(
                    .schemaMismatch, "decimal values for a \(leaf.type) column", fieldPath: leaf.dottedPath)
            }
            var limit: Int128 = 1
            for _ in 0..<precision { limit *= 10 }
            for value in picked where value >= limit || value <= -limit {
                throw ParquetError(
                    .invalidArgument, "decimal value \(value) (unscaled) exceeds precision \(precision)",
                    fieldPath: leaf.dottedPath)
            }
            switch leaf.physical {
            case .int32: return .int32(picked.map { Int32(truncatingIfNeeded: $0) })
            case .int64: return .int64(picked.map { Int64(truncatingIfNeeded: $0) })
            default:
                let width = leaf.typeLength
                var data = [UInt8]()
                data.reserveCapacity(picked.count * width)
                for value in picked {
                    for k in stride(from: width - 1, through: 0, by: -1) {
                        data.append(UInt8(truncatingIfNeeded: value >> (8 * k)))
                    }
                }
                return .fixed(width: width, data: data)
            }
        case let .bytes(offsets, data):
            if indices == nil, offsets.first == 0 { return .bytes(offsets: offsets, data: data) }
            let indices = indices ?? (0..<Int32(column.count)).map { $0 }
            return Self.gatherBytes(offsets: offsets, data: data, indices: indices)
        default:
            throw ParquetError(
                .schemaMismatch, "nested storage where a primitive was expected", fieldPath: leaf.dottedPath)
        }
    }
}
