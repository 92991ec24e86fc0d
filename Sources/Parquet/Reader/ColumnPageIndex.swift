public import Columnar

/// The page index of one column chunk, as a reader sees it: where each data page lies and which rows of the row
/// group it holds (the chunk's OffsetIndex), with each page's min, max and null facts when the file also has a
/// ColumnIndex for the chunk. Rows are numbered from 0 within the row group.
public struct ColumnPageIndex: Sendable, Hashable {
    /// One data page.
    public struct Page: Sendable, Hashable {
        /// The rows of the row group whose values start in this page.
        public var rows: Range<Int>
        /// File offset of the page header.
        public var offset: Int
        /// Compressed size of the page, header included.
        public var compressedSize: Int
        /// Whether the page holds only nulls (nil without a ColumnIndex).
        public var isNullPage: Bool?
        /// Nulls in the page (nil when unknown).
        public var nullCount: Int?
        /// Smallest and largest value (nil for null pages, without a ColumnIndex, or when the bytes do not decode).
        public var min: Value?
        public var max: Value?
    }

    /// ColumnIndex `boundary_order`: how min/max values are ordered from page to page.
    public enum BoundaryOrder: Int32, Sendable, Hashable {
        case unordered = 0
        case ascending = 1
        case descending = 2
    }

    /// The data pages, in file order.
    public var pages: [Page]
    /// nil when the chunk has no ColumnIndex (or its value is unknown).
    public var boundaryOrder: BoundaryOrder?
}

extension ParquetReader {
    /// The page index of the leaf column at `column` (dotted path, e.g. `web.webPageDetails.name`) in row group
    /// `index`: nil when the chunk has no OffsetIndex, a `ParquetError` when its index bytes are malformed or
    /// disagree with the row group (page offsets outside the chunk, first rows not increasing from 0, a ColumnIndex
    /// of another page count).
    public func pageIndex(ofRowGroup index: Int, column: String) throws(ParquetError) -> ColumnPageIndex? {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(
                .invalidArgument, "row group \(index) does not exist (\(rowGroupCount) in file)", file: name)
        }
        guard let leafIndex = tree.leaves.firstIndex(where: { $0.dottedPath == column }),
            metadata.rowGroups[index].columns.indices.contains(leafIndex)
        else {
            throw ParquetError(.invalidArgument, "no leaf column named \(column)", file: name, fieldPath: column)
        }
        guard let locations = try pageLocations(group: index, leaf: leafIndex) else { return nil }
        let leaf = tree.leaves[leafIndex]
        var result = ColumnPageIndex(
            pages: locations.map {
                ColumnPageIndex.Page(rows: $0.rows, offset: $0.offset, compressedSize: $0.size)
            })
        guard let stats = try columnIndex(group: index, leaf: leafIndex, pages: locations.count) else { return result }
        result.boundaryOrder = ColumnPageIndex.BoundaryOrder(rawValue: stats.boundaryOrder)
        for i in result.pages.indices {
            let isNull = stats.nullPages[i]
            result.pages[i].isNullPage = isNull
            result.pages[i].nullCount = stats.nullCounts.isEmpty ? nil : Int(stats.nullCounts[i])
            if !isNull {
                result.pages[i].min = StatisticsValue.decode(stats.minValues[i], leaf: leaf)
                result.pages[i].max = StatisticsValue.decode(stats.maxValues[i], leaf: leaf)
            }
        }
        return result
    }

    /// A data page as the OffsetIndex places it, checked against the row group.
    struct PageLocation {
        var rows: Range<Int>
        var offset: Int
        var size: Int
    }

    /// The checked OffsetIndex of a chunk; nil when it has none. Pages must lie in order inside the chunk, after
    /// its dictionary page, and their first rows must rise from 0 below the row group's row count.
    func pageLocations(group: Int, leaf: Int) throws(ParquetError) -> [PageLocation]? {
        let rowGroup = metadata.rowGroups[group]
        let chunk = rowGroup.columns[leaf]
        guard let at = chunk.offsetIndexOffset, let length = chunk.offsetIndexLength else { return nil }
        let path = tree.leaves[leaf].dottedPath
        func bad(_ message: String) -> ParquetError {
            ParquetError(.corruptMetadata, "offset index: \(message)", file: name, offset: Int(at), fieldPath: path)
        }
        guard let meta = chunk.metaData, let (start, end) = chunkRange(meta) else {
            throw bad("column chunk has no valid byte range")
        }
        let index: OffsetIndex
        do throws(ParquetError) {
            index = try OffsetIndex.decode(try indexBytes(at, length))
        } catch {
            throw bad(error.message)
        }
        let rows = Int(rowGroup.numRows)
        var out: [PageLocation] = []
        out.reserveCapacity(index.pageLocations.count)
        var previousEnd = start
        for (i, p) in index.pageLocations.enumerated() {
            let first = Int(p.firstRowIndex)
            guard i > 0 || first == 0 else { throw bad("first page starts at row \(first), not 0") }
            guard first < rows, out.last.map({ first > $0.rows.lowerBound }) ?? true else {
                throw bad("page \(i) starts at row \(first): rows must rise and stay below \(rows)")
            }
            guard p.compressedPageSize > 0, p.offset >= Int64(previousEnd),
                Int64(p.compressedPageSize) <= Int64(end) - p.offset
            else {
                throw bad("page \(i) at \(p.offset)+\(p.compressedPageSize) is outside the chunk or overlaps another")
            }
            if var last = out.popLast() {
                last.rows = last.rows.lowerBound..<first
                out.append(last)
            }
            out.append(PageLocation(rows: first..<rows, offset: Int(p.offset), size: Int(p.compressedPageSize)))
            previousEnd = Int(p.offset) + Int(p.compressedPageSize)
        }
        guard !out.isEmpty || rows == 0 else { throw bad("no pages for \(rows) rows") }
        return out
    }

    /// The ColumnIndex of a chunk, nil when it has none; it must describe `pages` pages.
    func columnIndex(group: Int, leaf: Int, pages: Int) throws(ParquetError) -> ColumnIndex? {
        let chunk = metadata.rowGroups[group].columns[leaf]
        guard let at = chunk.columnIndexOffset, let length = chunk.columnIndexLength else { return nil }
        let index: ColumnIndex
        do throws(ParquetError) {
            index = try ColumnIndex.decode(try indexBytes(at, length))
        } catch {
            throw ParquetError(
                .corruptMetadata, "column index: \(error.message)", file: name, offset: Int(at),
                fieldPath: tree.leaves[leaf].dottedPath)
        }
        guard index.nullPages.count == pages else {
            throw ParquetError(
                .corruptMetadata, "column index has \(index.nullPages.count) pages, offset index \(pages)",
                file: name, offset: Int(at), fieldPath: tree.leaves[leaf].dottedPath)
        }
        return index
    }

    private func indexBytes(_ offset: Int64, _ length: Int32) throws(ParquetError) -> [UInt8] {
        guard offset >= 4, length > 0, offset <= Int64(source.size) - Int64(length) else {
            throw ParquetError(.corruptMetadata, "index range \(offset)+\(length) is outside the file")
        }
        return try source.read(Int(offset), Int(length))
    }

    /// The byte range of a column chunk (dictionary page first), when it lies inside the file.
    func chunkRange(_ meta: ColumnMetaData) -> (start: Int, end: Int)? {
        var start = meta.dataPageOffset
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = d }
        let length = meta.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(source.size), length <= Int64(source.size) - start else {
            return nil
        }
        return (Int(start), Int(start + length))
    }
}
