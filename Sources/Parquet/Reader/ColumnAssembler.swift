import Columnar

/// Rebuilds Outflow columns from leaf levels and values (record assembly, the inverse of shredding).
///
/// An item of a node exists at level entry `i` of the node's first leaf when `rep[i] <= R` and
/// `def[i] >= E`; it is non-null when `def[i] >= D + (nullable ? 1 : 0)`.
struct ColumnAssembler {
    let leaves: [LeafDescriptor]
    let data: [Int: LeafData]

    func assemble(_ node: ColumnNode, type: DataType) throws(ParquetError) -> Column {
        try assemble(node, type: type, exist: 0, base: 0, rep: 0)
    }

    /// A node under structs only (one value per row): `base` is the definition level its nullable ancestors
    /// account for, so a value is NULL where it or any ancestor is.
    func assemble(_ node: ColumnNode, type: DataType, base: Int) throws(ParquetError) -> Column {
        try assemble(node, type: type, exist: 0, base: base, rep: 0)
    }

    private func leafData(_ index: Int) throws(ParquetError) -> LeafData {
        guard let d = data[index] else {
            throw ParquetError(.corruptPage, "missing leaf data", fieldPath: leaves[index].dottedPath)
        }
        return d
    }

    private func mismatch(_ node: ColumnNode, _ message: String) -> ParquetError {
        ParquetError(
            .corruptPage, message,
            fieldPath: leaves.indices.contains(node.firstLeaf) ? leaves[node.firstLeaf].dottedPath : nil)
    }

    private func assemble(_ node: ColumnNode, type: DataType, exist: Int, base: Int, rep: Int) throws(ParquetError)
        -> Column
    {
        let present = base + (node.nullable ? 1 : 0)
        switch node {
        case let .leaf(index, _):
            let d = try leafData(index)
            return try primitive(d, leaf: leaves[index], type: type, exist: exist, present: present)
        case let .struct(_, children):
            guard case let .struct(fields) = type, fields.count == children.count else {
                throw mismatch(node, "struct shape differs from schema")
            }
            let (count, validity) = try structure(node, exist: exist, present: present, rep: rep)
            var columns: [Column] = []
            for (child, field) in zip(children, fields) {
                let column = try assemble(child, type: field.type, exist: exist, base: present, rep: rep)
                guard column.count == count else {
                    throw mismatch(child, "struct child has \(column.count) values, expected \(count)")
                }
                columns.append(column)
            }
            return Column(type: type, count: count, validity: validity, storage: .struct(columns))
        case let .list(_, element):
            guard case let .list(elementField) = type else { throw mismatch(node, "list shape differs from schema") }
            let (offsets, validity) = try listStructure(node, exist: exist, present: present, rep: rep)
            let values = try assemble(
                element, type: elementField.type, exist: present + 1, base: present + 1, rep: rep + 1)
            guard Int(offsets[offsets.count - 1]) == values.count else {
                throw mismatch(node, "list elements do not add up")
            }
            return Column(
                type: type, count: offsets.count - 1, validity: validity,
                storage: .list(offsets: offsets, values: values))
        case let .map(_, keyNode, valueNode):
            guard case let .map(keyField, valueField) = type else {
                throw mismatch(node, "map shape differs from schema")
            }
            let (offsets, validity) = try listStructure(node, exist: exist, present: present, rep: rep)
            let keys = try assemble(keyNode, type: keyField.type, exist: present + 1, base: present + 1, rep: rep + 1)
            let values = try assemble(
                valueNode, type: valueField.type, exist: present + 1, base: present + 1, rep: rep + 1)
            let total = Int(offsets[offsets.count - 1])
            guard keys.count == total, values.count == total else { throw mismatch(node, "map entries do not add up") }
            return Column(
                type: type, count: offsets.count - 1, validity: validity,
                storage: .map(offsets: offsets, keys: keys, values: values))
        }
    }

    /// Item count and validity of a struct node, from its first leaf.
    private func structure(_ node: ColumnNode, exist: Int, present: Int, rep: Int) throws(ParquetError) -> (
        Int, Bitmap?
    ) {
        let d = try leafData(node.firstLeaf)
        return LevelItems.scan(d, maxRep: rep, exist: exist, present: present)
    }

    /// Offsets and validity of a list or map node, from its first leaf.
    private func listStructure(_ node: ColumnNode, exist: Int, present: Int, rep: Int) throws(ParquetError) -> (
        [Int32], Bitmap?
    ) {
        let d = try leafData(node.firstLeaf)
        let n = d.levelCount
        var writer = ValidityWriter(capacity: n)
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(n + 1)
        var elements: Int32 = 0
        var open = false
        var broken = false
        d.definitionLevels.withUnsafeBufferPointer { defs in
            d.repetitionLevels.withUnsafeBufferPointer { reps in
                for i in 0..<n {
                    let r = reps.isEmpty ? 0 : Int(reps[i])
                    let df = defs.isEmpty ? 0 : Int(defs[i])
                    if r <= rep {
                        guard df >= exist else { continue }
                        if open { offsets.append(elements) }
                        open = true
                        writer.append(df >= present)
                        if df > present { elements += 1 }
                    } else if r == rep + 1 && df > present {
                        guard open else {
                            broken = true
                            return
                        }
                        elements += 1
                    }
                }
            }
        }
        if broken { throw mismatch(node, "list continues before it starts") }
        if open { offsets.append(elements) }
        return (offsets, writer.finish())
    }

    private func primitive(_ d: LeafData, leaf: LeafDescriptor, type: DataType, exist: Int, present: Int)
        throws(ParquetError) -> Column
    {
        let maxDef = leaf.maxDefinition
        guard present == maxDef else {
            throw ParquetError(
                .corruptMetadata, "schema levels disagree (\(present) vs \(maxDef))", fieldPath: leaf.dottedPath)
        }
        // Which values are items (every entry of a leaf at or above `exist`) and which items are present.
        let (count, validity) = LevelItems.scan(d, maxRep: .max, exist: exist, present: maxDef)
        let storage = try ValueConverter.storage(d.values, leaf: leaf, type: type, count: count, validity: validity)
        return Column(type: type, count: count, validity: validity, storage: storage)
    }
}
