public import Columnar

extension ParquetReader {
    /// Reads only the rows `rows` of row group `index` (numbered from 0 in the group; clipped, sorted and merged),
    /// one column per path as `readRowGroup(_:paths:)` does. A leaf whose chunk has an OffsetIndex is read page by
    /// page: its dictionary page and the data pages holding those rows, nothing else; a leaf without one is read
    /// whole. Either way the rows outside `rows` are cut away, so every column holds exactly those rows.
    public func readRowGroup(_ index: Int, paths: [[String]], rows: [Range<Int>]) throws(ParquetError) -> ColumnBatch {
        let count = rowCount(ofRowGroup: index)
        let kept = RowRanges.normalized(rows, within: count)
        return try readRowGroup(index, paths: paths, rows: kept == [0..<count] ? nil : kept)
    }

    /// Data pages of the chunks under `paths` that `readRowGroup(index, paths:, rows:)` decodes and skips (each
    /// chunk once; chunks without an OffsetIndex count as read whole, their pages unknown, so they add nothing).
    public func pageCounts(ofRowGroup index: Int, paths: [[String]], rows: [Range<Int>]) -> (read: Int, skipped: Int) {
        guard metadata.rowGroups.indices.contains(index) else { return (0, 0) }
        let kept = RowRanges.normalized(rows, within: rowCount(ofRowGroup: index))
        var leaves = Set<Int>()
        for path in paths {
            guard let (node, _, _) = try? resolve(path) else { continue }
            leaves.formUnion(node.leaves)
        }
        var read = 0
        var skipped = 0
        for leaf in leaves where metadata.rowGroups[index].columns.indices.contains(leaf) {
            guard let pages = try? pageLocations(group: index, leaf: leaf) else { continue }
            let picked = pages.filter { RowRanges.overlaps(kept, $0.rows) }.count
            read += picked
            skipped += pages.count - picked
        }
        return (read, skipped)
    }

    /// The data of leaf `leaf` in row group `group` for the rows `rows` (normalized, not empty).
    func readChunk(group: Int, leaf leafIndex: Int, rows: [Range<Int>]) throws(ParquetError) -> LeafData {
        let chunk = metadata.rowGroups[group].columns[leafIndex]
        let leaf = tree.leaves[leafIndex]
        // A malformed OffsetIndex is ignored: the chunk is read whole.
        guard let meta = chunk.metaData, meta.numValues > 0, chunk.filePath == nil,
            let (start, _) = chunkRange(meta), let pages = try? pageLocations(group: group, leaf: leafIndex),
            let first = pages.first
        else {
            let whole = try readChunk(chunk, leaf: leaf)
            return try cut(whole, to: rows, from: [0..<rowCount(ofRowGroup: group)], leaf: leaf)
        }
        let picked = pages.filter { RowRanges.overlaps(rows, $0.rows) }
        // The dictionary page (if any) lies before the first data page; then the picked pages, neighbours read at once.
        var bytes = try source.read(start, first.offset - start)
        var run: Range<Int>?
        for page in picked {
            let span = page.offset..<page.offset + page.size
            if let r = run, r.upperBound == span.lowerBound {
                run = r.lowerBound..<span.upperBound
                continue
            }
            if let r = run { bytes.append(contentsOf: try source.read(r.lowerBound, r.count)) }
            run = span
        }
        if let r = run { bytes.append(contentsOf: try source.read(r.lowerBound, r.count)) }
        let data: LeafData
        do throws(ParquetError) {
            var reader = try ColumnChunkReader(leaf: leaf, codecRaw: meta.codec, baseOffset: start, budget: budget)
            reader.pagesStartRecords = true
            data = try reader.read(bytes, valueCount: nil)
        } catch {
            throw error.located(file: name)
        }
        return try cut(data, to: rows, from: RowRanges.normalized(picked.map(\.rows), within: Int.max), leaf: leaf)
    }

    /// `data` holds the rows `held` (normalized) of the row group, one after another; returns the rows `rows`
    /// (normalized, inside `held`).
    private func cut(_ data: LeafData, to rows: [Range<Int>], from held: [Range<Int>], leaf: LeafDescriptor)
        throws(ParquetError) -> LeafData
    {
        let heldRows = RowRanges.rowCount(held)
        let found = data.rowCount(maxRepetition: leaf.maxRepetition)
        guard found == heldRows else {
            throw ParquetError(
                .corruptPage, "pages hold \(found) rows, the row group's index says \(heldRows)", file: name,
                fieldPath: leaf.dottedPath)
        }
        if rows == held { return data }
        // Position of each held range's first row among the data's rows.
        var positions: [Range<Int>] = []
        var base = 0
        var h = 0
        for r in rows {
            while h < held.count && held[h].upperBound < r.upperBound {
                base += held[h].count
                h += 1
            }
            guard h < held.count, held[h].lowerBound <= r.lowerBound else {
                throw ParquetError(.corruptPage, "rows \(r) were not read", file: name, fieldPath: leaf.dottedPath)
            }
            let offset = base - held[h].lowerBound
            positions.append(r.lowerBound + offset..<r.upperBound + offset)
        }
        return data.selectingRows(
            RowRanges.normalized(positions, within: heldRows), maxRepetition: leaf.maxRepetition,
            maxDefinition: leaf.maxDefinition)
    }
}
