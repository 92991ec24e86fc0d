import Columnar

/// Human-readable description of a Parquet file: schema, row groups, column chunks (encodings,
/// codec, sizes, statistics). Used by `outflow parquet inspect`.
public enum ParquetInspector {
    /// Describes the file at `path`.
    public static func describe(path: String) throws(ParquetError) -> String {
        describe(try ParquetReader(path: path))
    }

    /// Describes an opened file.
    public static func describe(_ reader: ParquetReader) -> String {
        let meta = reader.metadata
        var lines: [String] = []
        lines.append("file: \(reader.name)")
        lines.append("created by: \(meta.createdBy ?? "unknown")")
        lines.append("format version: \(meta.version)")
        lines.append("rows: \(reader.rowCount)")
        lines.append("row groups: \(reader.rowGroupCount)")
        lines.append("schema:")
        for field in reader.schema.fields { describe(field, indent: "  ", into: &lines) }
        lines.append("parquet schema:")
        for leaf in reader.tree.leaves {
            lines.append(
                "  \(leaf.dottedPath): \(leaf.physical.name)\(annotation(leaf.element)) def=\(leaf.maxDefinition) rep=\(leaf.maxRepetition)"
            )
        }
        let metadataKeys = reader.keyValueMetadata.keys.sorted()
        if !metadataKeys.isEmpty {
            lines.append("key-value metadata:")
            for key in metadataKeys {
                let value = reader.keyValueMetadata[key] ?? ""
                lines.append(
                    "  \(key): \(value.count > 200 ? String(value.prefix(200)) + "… (\(value.count) chars)" : value)")
            }
        }
        for (g, group) in meta.rowGroups.enumerated() {
            lines.append(
                "row group \(g): \(group.numRows) rows, \(group.totalByteSize) bytes uncompressed, \(group.totalCompressedSize.map(String.init) ?? "?") bytes compressed"
            )
            for (c, chunk) in group.columns.enumerated() {
                guard let m = chunk.metaData else {
                    lines.append("  column \(c): no metadata")
                    continue
                }
                let leaf = reader.tree.leaves.indices.contains(c) ? reader.tree.leaves[c] : nil
                let path = m.pathInSchema.joined(separator: ".")
                let encodings = m.encodings.map(Encoding.name).joined(separator: ",")
                var line = "  \(path): \(ThriftCodec.name(m.codec)) [\(encodings)] values=\(m.numValues)"
                line += " size=\(m.totalCompressedSize)/\(m.totalUncompressedSize)"
                line += " offset=\(m.dictionaryPageOffset ?? m.dataPageOffset)"
                if let s = m.statistics {
                    if let n = s.nullCount { line += " nulls=\(n)" }
                    if let leaf {
                        if let lo = s.effectiveMin.flatMap({ StatisticsValue.decode($0, leaf: leaf) }) {
                            line += " min=\(render(lo))"
                        }
                        if let hi = s.effectiveMax.flatMap({ StatisticsValue.decode($0, leaf: leaf) }) {
                            line += " max=\(render(hi))"
                        }
                    }
                }
                line += pageIndexSummary(reader, group: g, leaf: c)
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// ` pages=N page-index` (OffsetIndex page count, ColumnIndex present), or what is wrong with the index.
    private static func pageIndexSummary(_ reader: ParquetReader, group: Int, leaf: Int) -> String {
        let chunk = reader.metadata.rowGroups[group].columns[leaf]
        guard chunk.offsetIndexOffset != nil || chunk.columnIndexOffset != nil else { return "" }
        guard reader.tree.leaves.indices.contains(leaf) else { return " page-index" }
        do throws(ParquetError) {
            guard let pages = try reader.pageLocations(group: group, leaf: leaf) else { return " page-index" }
            let stats = try reader.columnIndex(group: group, leaf: leaf, pages: pages.count)
            return " pages=\(pages.count) page-index" + (stats == nil ? " (no column index)" : "")
        } catch {
            return " page-index (malformed: \(error.message))"
        }
    }

    private static func describe(_ field: Field, indent: String, into lines: inout [String]) {
        lines.append("\(indent)\(field.name): \(field.type.name)\(field.nullable ? "" : " not null")")
        switch field.type {
        case let .struct(children):
            for child in children { describe(child, indent: indent + "  ", into: &lines) }
        case let .list(element):
            describe(element, indent: indent + "  ", into: &lines)
        case let .map(key, value):
            describe(key, indent: indent + "  ", into: &lines)
            describe(value, indent: indent + "  ", into: &lines)
        case let .decimal(p, s):
            lines[lines.count - 1] = "\(indent)\(field.name): decimal(\(p),\(s))\(field.nullable ? "" : " not null")"
        default: break
        }
    }

    private static func annotation(_ e: SchemaElement) -> String {
        if let logical = e.logicalType { return " (\(logical))" }
        if let converted = e.converted { return " (\(converted))" }
        return ""
    }

    private static func render(_ value: Value) -> String {
        switch value {
        case let .string(s): return "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case let .binary(b): return "0x" + b.prefix(20).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        case let .int(i): return "\(i)"
        case let .float(f): return "\(f)"
        case let .boolean(b): return "\(b)"
        case let .decimal(d): return "\(d) (unscaled)"
        case let .date(d): return "day \(d)"
        case let .timestamp(t): return "\(t)us"
        default: return "\(value)"
        }
    }
}
