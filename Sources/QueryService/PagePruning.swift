import Parquet

/// Narrows a row group to the rows whose pages may match a scan's filter hints, by the Parquet page index
/// (ColumnIndex min/max and null facts, OffsetIndex first rows), with the predicate `RowGroupPruning` built. Only
/// conservative: the engine filters every row read again, and a page is skipped only when its statistics rule out
/// every row in it. Files without a page index are read whole.
enum PagePruning {
    static func part(reader: ParquetReader, group: Int, predicate: ParquetPredicate?) -> RowGroupPart {
        guard let predicate else { return RowGroupPart(reader: reader, group: group) }
        let rows = reader.rowRanges(ofRowGroup: group, matching: predicate)
        let all = reader.rowCount(ofRowGroup: group)
        return RowGroupPart(reader: reader, group: group, rows: rows == [0..<all] ? nil : rows)
    }
}
