import Columnar

/// One leaf (primitive) column of a Parquet file.
struct LeafDescriptor: Sendable {
    var path: [String]
    var element: SchemaElement
    var physical: PhysicalType
    var typeLength: Int
    var maxDefinition: Int
    var maxRepetition: Int
    /// The Outflow type values of this leaf are converted to.
    var type: DataType

    var dottedPath: String { path.joined(separator: ".") }
}

/// The shape of a column for level assembly: each node knows how it contributes to definition and
/// repetition levels. A list or map has one repeated level between it and its children.
indirect enum ColumnNode: Sendable {
    case leaf(index: Int, nullable: Bool)
    case `struct`(nullable: Bool, children: [ColumnNode])
    case list(nullable: Bool, element: ColumnNode)
    case map(nullable: Bool, key: ColumnNode, value: ColumnNode)

    var nullable: Bool {
        switch self {
        case let .leaf(_, n), let .struct(n, _), let .list(n, _), let .map(n, _, _): return n
        }
    }

    /// Index of the first leaf under this node.
    var firstLeaf: Int {
        switch self {
        case let .leaf(index, _): return index
        case let .struct(_, children): return children.first?.firstLeaf ?? 0
        case let .list(_, element): return element.firstLeaf
        case let .map(_, key, _): return key.firstLeaf
        }
    }

    /// All leaf indices under this node.
    var leaves: [Int] {
        switch self {
        case let .leaf(index, _): return [index]
        case let .struct(_, children): return children.flatMap(\.leaves)
        case let .list(_, element): return element.leaves
        case let .map(_, key, value): return key.leaves + value.leaves
        }
    }
}

/// The Parquet schema of a file as a tree: top-level columns with their Outflow fields and leaves.
struct SchemaTree: Sendable {
    var fields: [Field] = []
    var nodes: [ColumnNode] = []
    var leaves: [LeafDescriptor] = []

    init(elements: [SchemaElement]) throws(ParquetError) {
        guard let root = elements.first else { throw ParquetError(.corruptMetadata, "empty schema") }
        var builder = Builder(elements: elements)
        builder.position = 1
        let count = Int(root.numChildren ?? 0)
        guard count >= 0 && count < elements.count else { throw ParquetError(.corruptMetadata, "bad root child count") }
        for _ in 0..<count {
            let (node, field) = try builder.node(path: [], def: 0, rep: 0, depth: 0)
            nodes.append(node)
            fields.append(field)
        }
        guard builder.position == elements.count else {
            throw ParquetError(.corruptMetadata, "schema has \(elements.count - builder.position) unused elements")
        }
        leaves = builder.leaves
    }

    private struct Builder {
        let elements: [SchemaElement]
        var position = 0
        var leaves: [LeafDescriptor] = []

        mutating func next() throws(ParquetError) -> SchemaElement {
            guard position < elements.count else { throw ParquetError(.corruptMetadata, "schema ends early") }
            defer { position += 1 }
            return elements[position]
        }

        func isListAnnotated(_ e: SchemaElement) -> Bool {
            e.logicalType == .list || e.converted == .list
        }

        func isMapAnnotated(_ e: SchemaElement) -> Bool {
            e.logicalType == .map || e.converted == .map || e.converted == .mapKeyValue
        }

        /// Reads the subtree at `position`.
        mutating func node(path: [String], def: Int, rep: Int, depth: Int) throws(ParquetError) -> (ColumnNode, Field) {
            guard depth < 100 else { throw ParquetError(.corruptMetadata, "schema nested deeper than 100") }
            let e = try next()
            let repetition = e.repetitionType
            if repetition == .repeated {
                // A bare repeated field: a required list of required elements.
                position -= 1
                let (element, elementField) = try repeatedElement(
                    path: path, def: def + 1, rep: rep + 1, depth: depth, bare: true)
                return (.list(nullable: false, element: element), Field(e.name, .list(elementField), nullable: false))
            }
            let nullable = repetition == .optional
            let myDef = def + (nullable ? 1 : 0)
            let myPath = path + [e.name]
            guard let children = e.numChildren, children > 0 || e.type == nil else {
                let node = try leaf(e, path: myPath, def: myDef, rep: rep, nullable: nullable)
                return node
            }
            guard children >= 0, Int(children) <= elements.count - position else {
                throw ParquetError(
                    .corruptMetadata, "bad child count \(children)", fieldPath: myPath.joined(separator: "."))
            }
            if isListAnnotated(e) && children == 1 {
                let (element, elementField) = try repeatedElement(
                    path: myPath, def: myDef + 1, rep: rep + 1, depth: depth + 1)
                return (
                    .list(nullable: nullable, element: element), Field(e.name, .list(elementField), nullable: nullable)
                )
            }
            if isMapAnnotated(e) && children == 1 {
                let kv = try next()
                guard kv.repetitionType == .repeated, kv.numChildren == 2 else {
                    throw ParquetError(
                        .unsupported, "map without a repeated key_value group of two fields",
                        fieldPath: myPath.joined(separator: "."))
                }
                let kvPath = myPath + [kv.name]
                let (key, keyField) = try node(path: kvPath, def: myDef + 1, rep: rep + 1, depth: depth + 2)
                let (value, valueField) = try node(path: kvPath, def: myDef + 1, rep: rep + 1, depth: depth + 2)
                var k = keyField
                k.nullable = false
                let type = DataType.map(key: k, value: valueField)
                return (.map(nullable: nullable, key: key, value: value), Field(e.name, type, nullable: nullable))
            }
            var nodes: [ColumnNode] = []
            var fields: [Field] = []
            for _ in 0..<children {
                let (n, f) = try node(path: myPath, def: myDef, rep: rep, depth: depth + 1)
                nodes.append(n)
                fields.append(f)
            }
            return (.struct(nullable: nullable, children: nodes), Field(e.name, .struct(fields), nullable: nullable))
        }

        /// Reads the repeated child of a LIST group (or a bare repeated field) and returns the element.
        /// `def` and `rep` already count the repeated level.
        mutating func repeatedElement(
            path: [String], def: Int, rep: Int, depth: Int, bare: Bool = false
        ) throws(ParquetError) -> (ColumnNode, Field) {
            let r = try next()
            guard r.repetitionType == .repeated else {
                throw ParquetError(
                    .unsupported, "LIST group whose child is not repeated", fieldPath: path.joined(separator: "."))
            }
            let myPath = path + [r.name]
            let children = Int(r.numChildren ?? 0)
            if r.numChildren == nil || (children == 0 && r.type != nil) {
                // Two-level list of primitives: the repeated field is the element.
                let (node, field) = try leaf(r, path: myPath, def: def, rep: rep, nullable: false)
                return (node, Field("element", field.type, nullable: false))
            }
            let parentName = path.last ?? ""
            if !bare && children == 1 && r.name != "array" && r.name != parentName + "_tuple" {
                // Three-level list: the single child is the element.
                let (node, field) = try self.node(path: myPath, def: def, rep: rep, depth: depth + 1)
                return (node, Field("element", field.type, nullable: field.nullable))
            }
            // Two-level list of structs: the repeated group is the element.
            guard children >= 0, children <= elements.count - position else {
                throw ParquetError(.corruptMetadata, "bad child count \(children)")
            }
            var nodes: [ColumnNode] = []
            var fields: [Field] = []
            for _ in 0..<children {
                let (n, f) = try node(path: myPath, def: def, rep: rep, depth: depth + 1)
                nodes.append(n)
                fields.append(f)
            }
            return (.struct(nullable: false, children: nodes), Field("element", .struct(fields), nullable: false))
        }

        mutating func leaf(_ e: SchemaElement, path: [String], def: Int, rep: Int, nullable: Bool) throws(ParquetError)
            -> (ColumnNode, Field)
        {
            let dotted = path.joined(separator: ".")
            guard let physical = e.physicalType else {
                throw ParquetError(
                    .unsupported, "unknown physical type \(e.type.map(String.init) ?? "none")", fieldPath: dotted)
            }
            let type = try LeafTypeMapping.outflowType(for: e, physical: physical, path: dotted)
            var typeLength = Int(e.typeLength ?? 0)
            if physical == .int96 { typeLength = 12 }
            if physical == .fixedLenByteArray {
                guard typeLength > 0 && typeLength <= 1 << 20 else {
                    throw ParquetError(
                        .corruptMetadata, "bad FIXED_LEN_BYTE_ARRAY length \(typeLength)", fieldPath: dotted)
                }
            }
            guard def <= 255 && rep <= 255 else {
                throw ParquetError(.unsupported, "nesting too deep", fieldPath: dotted)
            }
            leaves.append(
                LeafDescriptor(
                    path: path, element: e, physical: physical, typeLength: typeLength,
                    maxDefinition: def, maxRepetition: rep, type: type))
            return (.leaf(index: leaves.count - 1, nullable: nullable), Field(e.name, type, nullable: nullable))
        }
    }
}
