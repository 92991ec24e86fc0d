public import Columnar

extension ParquetReader {
    /// Reads row group `index` as one column per path, in the order given. A path is a top-level column's
    /// name, then the names of struct fields under it (`["placeContext", "geo", "countryCode"]`): only the
    /// column chunks of the leaves under it are read and decoded, and its values are NULL where the field or
    /// any struct above it is NULL (the leaves' definition levels say so). Paths stop at lists and maps (their
    /// fields are not one value per row); a path of one name reads the whole column as `readRowGroup(_:columns:)`.
    /// Columns are named by their dotted paths.
    public func readRowGroup(_ index: Int, paths: [[String]]) throws(ParquetError) -> ColumnBatch {
        try readRowGroup(index, paths: paths, rows: nil)
    }

    /// `readRowGroup(_:paths:)` of every row (`rows` nil) or only of the rows in `rows` (normalized).
    func readRowGroup(_ index: Int, paths: [[String]], rows: [Range<Int>]?) throws(ParquetError) -> ColumnBatch {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(
                .invalidArgument, "row group \(index) does not exist (\(rowGroupCount) in file)", file: name)
        }
        let group = metadata.rowGroups[index]
        guard group.columns.count == tree.leaves.count else {
            throw ParquetError(
                .corruptMetadata,
                "row group \(index) has \(group.columns.count) columns, schema has \(tree.leaves.count)", file: name)
        }
        var data: [Int: LeafData] = [:]
        var fields: [Field] = []
        var columns: [Column] = []
        for path in paths {
            let (node, type, base) = try resolve(path)
            for leafIndex in node.leaves where data[leafIndex] == nil {
                if let rows {
                    data[leafIndex] = try readChunk(group: index, leaf: leafIndex, rows: rows)
                } else {
                    data[leafIndex] = try readChunk(group.columns[leafIndex], leaf: tree.leaves[leafIndex])
                }
            }
            let dotted = path.joined(separator: ".")
            let column: Column
            do throws(ParquetError) {
                column = try ColumnAssembler(leaves: tree.leaves, data: data).assemble(node, type: type, base: base)
            } catch {
                throw error.located(file: name)
            }
            let expected = rows.map(RowRanges.rowCount) ?? Int(group.numRows)
            guard column.count == expected else {
                throw ParquetError(
                    .corruptPage, "column has \(column.count) rows, \(expected) expected", file: name,
                    fieldPath: dotted)
            }
            fields.append(Field(dotted, type))
            columns.append(column)
        }
        do {
            return try ColumnBatch(schema: Schema(fields, metadata: schema.metadata), columns: columns)
        } catch {
            throw ParquetError(.corruptPage, "columns do not form a batch: \(error)", file: name)
        }
    }

    /// The node and type at `path` and the definition level its parents account for (one per nullable struct
    /// above it).
    func resolve(_ path: [String]) throws(ParquetError) -> (ColumnNode, DataType, Int) {
        let dotted = path.joined(separator: ".")
        guard let first = path.first, let top = schema.index(of: first), tree.nodes.indices.contains(top) else {
            throw ParquetError(.invalidArgument, "no column named \(dotted)", file: name, fieldPath: dotted)
        }
        var node = tree.nodes[top]
        var type = schema.fields[top].type
        var base = 0
        for part in path.dropFirst() {
            guard case let .struct(nullable, children) = node, case let .struct(fields) = type,
                fields.count == children.count, let at = fields.firstIndex(where: { $0.name == part })
            else {
                throw ParquetError(.invalidArgument, "no struct field named \(dotted)", file: name, fieldPath: dotted)
            }
            base += nullable ? 1 : 0
            node = children[at]
            type = fields[at].type
        }
        return (node, type, base)
    }
}

extension ParquetReader {
    /// The compressed bytes of the column chunks `readRowGroup(index, paths:)` reads (each chunk once); 0 for
    /// paths or row groups that do not exist.
    public func chunkBytes(ofRowGroup index: Int, paths: [[String]]) -> Int {
        guard metadata.rowGroups.indices.contains(index) else { return 0 }
        let columns = metadata.rowGroups[index].columns
        var leaves = Set<Int>()
        for path in paths {
            guard let (node, _, _) = try? resolve(path) else { continue }
            leaves.formUnion(node.leaves)
        }
        return leaves.reduce(0) { total, leaf in
            guard columns.indices.contains(leaf), let meta = columns[leaf].metaData else { return total }
            return total + Int(clamping: max(0, meta.totalCompressedSize))
        }
    }
}
