import Codecs

/// Encodes one leaf's buffered data into pages (optional dictionary page, then data pages) and the
/// column chunk metadata. Pure: bytes go to `emit`; offsets are computed from `startOffset`.
struct ColumnChunkEncoder {
    let leaf: LeafDescriptor
    let options: ParquetWriter.Options

    /// Per-page facts for the page index.
    struct PageFacts {
        var offset: Int64
        var compressedSize: Int32
        var firstRowIndex: Int64
        var nullCount: Int64
        var minMax: (min: [UInt8], max: [UInt8])?
        var allNull: Bool
    }

    struct Output {
        var chunk: ColumnChunk
        var pages: [PageFacts]
    }

    private struct PageSpan {
        var levels: Range<Int>
        var values: Range<Int>
        var rows: Int
        var firstRow: Int
    }

    static func thriftCodec(_ codec: CompressionCodec) -> ThriftCodec {
        switch codec {
        case .none: return .uncompressed
        case .snappy: return .snappy
        case .gzip: return .gzip
        case .zstd: return .zstd
        }
    }

    func encode(
        _ buffer: LeafBuffer, startOffset: Int, emit: ([UInt8]) throws(ParquetError) -> Void
    ) throws(ParquetError) -> Output {
        var offset = startOffset
        var totalUncompressed = 0
        var dictionaryOffset: Int?
        var encodings: [Int32] = [Encoding.rle.rawValue]
        let values = buffer.values
        var dictionary: DictionaryEncoder.Result?
        if options.dictionary, values.count > 0 {
            dictionary = DictionaryEncoder.build(values, limit: options.dictionaryPageLimit)
        }
        var indexBitWidth = 0
        if let dict = dictionary {
            indexBitWidth = RLEEncoder.bitWidth(for: dict.dictionary.count - 1)
            var plain: [UInt8] = []
            plain.reserveCapacity(dict.dictionary.byteSize)
            dict.dictionary.appendPlain(0..<dict.dictionary.count, to: &plain)
            let compressed = try compress(plain)
            var header = PageHeader()
            header.type = PageType.dictionaryPage.rawValue
            header.uncompressedPageSize = Int32(plain.count)
            header.compressedPageSize = Int32(compressed.count)
            header.dictionaryPageHeader = DictionaryPageHeader(
                numValues: Int32(dict.dictionary.count), encoding: Encoding.plain.rawValue, isSorted: false)
            let headerBytes = header.encode()
            try emit(headerBytes)
            try emit(compressed)
            dictionaryOffset = offset
            offset += headerBytes.count + compressed.count
            totalUncompressed += headerBytes.count + plain.count
            encodings.append(Encoding.plain.rawValue)
            encodings.append(Encoding.rleDictionary.rawValue)
        } else {
            encodings.append(Encoding.plain.rawValue)
        }
        let dataOffset = offset
        var facts: [PageFacts] = []
        for span in pageSpans(buffer, indexBitWidth: dictionary == nil ? nil : indexBitWidth) {
            let pageStart = offset
            let (headerBytes, body, uncompressedBody) = try encodePage(
                buffer, span: span, dictionary: dictionary, indexBitWidth: indexBitWidth)
            try emit(headerBytes)
            try emit(body)
            offset += headerBytes.count + body.count
            totalUncompressed += headerBytes.count + uncompressedBody
            if options.writePageIndex {
                let nulls = span.levels.count - span.values.count
                facts.append(
                    PageFacts(
                        offset: Int64(pageStart), compressedSize: Int32(offset - pageStart),
                        firstRowIndex: Int64(span.firstRow), nullCount: Int64(nulls),
                        minMax: ValueStatistics.minMax(values, span.values), allNull: span.values.isEmpty))
            }
        }
        var meta = ColumnMetaData()
        meta.type = leaf.physical.rawValue
        meta.encodings = encodings
        meta.pathInSchema = leaf.path
        meta.codec = Self.thriftCodec(options.codec).rawValue
        meta.numValues = Int64(buffer.levelCount)
        meta.totalUncompressedSize = Int64(totalUncompressed)
        meta.totalCompressedSize = Int64(offset - startOffset)
        meta.dataPageOffset = Int64(dataOffset)
        meta.dictionaryPageOffset = dictionaryOffset.map(Int64.init)
        var stats = Statistics()
        stats.nullCount = Int64(buffer.levelCount - values.count)
        // Every dictionary entry occurs among the values, so its (far fewer) entries have the same min and max.
        let distinct = dictionary?.dictionary ?? values
        if let (lo, hi) = ValueStatistics.minMax(distinct, 0..<distinct.count) {
            stats.minValue = lo
            stats.maxValue = hi
        }
        meta.statistics = stats
        var chunk = ColumnChunk()
        chunk.fileOffset = Int64(dictionaryOffset ?? dataOffset)
        chunk.metaData = meta
        return Output(chunk: chunk, pages: facts)
    }

    private func compress(_ bytes: [UInt8]) throws(ParquetError) -> [UInt8] {
        do {
            return try BlockCompression.compress(bytes, codec: options.codec, level: options.compressionLevel)
        } catch {
            throw ParquetError(.io, "compression failed: \(error)", fieldPath: leaf.dottedPath)
        }
    }

    /// Splits the leaf into pages of about `pageBytes` (and at most `pageRowLimit` rows), each starting at a record
    /// boundary.
    private func pageSpans(_ buffer: LeafBuffer, indexBitWidth: Int?) -> [PageSpan] {
        let def = buffer.definitionLevels
        let rep = buffer.repetitionLevels
        let maxDef = UInt8(leaf.maxDefinition)
        let values = buffer.values
        let limit = max(1, options.pageBytes)
        let rowLimit = max(1, options.pageRowLimit ?? Int.max)
        let fixedSize: Int? =
            indexBitWidth.map { max(1, $0) / 8 + 1 }
            ?? {
                switch values {
                case .bytes: return nil
                default: return values.plainSize(0 < values.count ? 0 : 0)
                }
            }()
        var spans: [PageSpan] = []
        var levelStart = 0
        var valueStart = 0
        var valueIndex = 0
        var rowStart = 0
        var rows = 0
        var size = 0
        for i in 0..<buffer.levelCount {
            let newRecord = rep.isEmpty || rep[i] == 0
            if newRecord {
                if (size >= limit || rows >= rowLimit) && i > levelStart {
                    spans.append(
                        PageSpan(
                            levels: levelStart..<i, values: valueStart..<valueIndex, rows: rows, firstRow: rowStart))
                    levelStart = i
                    valueStart = valueIndex
                    rowStart += rows
                    rows = 0
                    size = 0
                }
                rows += 1
            }
            if def.isEmpty || def[i] == maxDef {
                size += fixedSize ?? values.plainSize(valueIndex)
                valueIndex += 1
            }
            size += 1
        }
        if buffer.levelCount > levelStart || spans.isEmpty {
            spans.append(
                PageSpan(
                    levels: levelStart..<buffer.levelCount, values: valueStart..<valueIndex, rows: rows,
                    firstRow: rowStart))
        }
        return spans
    }

    private func encodePage(
        _ buffer: LeafBuffer, span: PageSpan, dictionary: DictionaryEncoder.Result?, indexBitWidth: Int
    ) throws(ParquetError) -> (header: [UInt8], body: [UInt8], uncompressedBody: Int) {
        let repLevels =
            buffer.repetitionLevels.isEmpty
            ? []
            : buffer.repetitionLevels[span.levels].withUnsafeBufferPointer {
                RLEEncoder.encode($0, bitWidth: RLEEncoder.bitWidth(for: leaf.maxRepetition))
            }
        let defLevels =
            buffer.definitionLevels.isEmpty
            ? []
            : buffer.definitionLevels[span.levels].withUnsafeBufferPointer {
                RLEEncoder.encode($0, bitWidth: RLEEncoder.bitWidth(for: leaf.maxDefinition))
            }
        var valueBytes: [UInt8] = []
        let encoding: Encoding
        if let dictionary {
            encoding = .rleDictionary
            valueBytes.append(UInt8(indexBitWidth))
            let indices = dictionary.indices[span.values].withUnsafeBufferPointer {
                RLEEncoder.encode($0, bitWidth: indexBitWidth)
            }
            valueBytes.append(contentsOf: indices)
        } else {
            encoding = .plain
            buffer.values.appendPlain(span.values, to: &valueBytes)
        }
        var header = PageHeader()
        let body: [UInt8]
        let uncompressed: Int
        if options.dataPageVersion == 2 {
            let compressedValues = try compress(valueBytes)
            body = repLevels + defLevels + compressedValues
            uncompressed = repLevels.count + defLevels.count + valueBytes.count
            header.type = PageType.dataPageV2.rawValue
            header.dataPageHeaderV2 = DataPageHeaderV2(
                numValues: Int32(span.levels.count), numNulls: Int32(span.levels.count - span.values.count),
                numRows: Int32(span.rows), encoding: encoding.rawValue,
                definitionLevelsByteLength: Int32(defLevels.count), repetitionLevelsByteLength: Int32(repLevels.count),
                isCompressed: options.codec != .none)
        } else {
            var plain: [UInt8] = []
            plain.reserveCapacity(repLevels.count + defLevels.count + valueBytes.count + 8)
            if !buffer.repetitionLevels.isEmpty {
                appendLength(repLevels.count, to: &plain)
                plain.append(contentsOf: repLevels)
            }
            if !buffer.definitionLevels.isEmpty {
                appendLength(defLevels.count, to: &plain)
                plain.append(contentsOf: defLevels)
            }
            plain.append(contentsOf: valueBytes)
            body = try compress(plain)
            uncompressed = plain.count
            header.type = PageType.dataPage.rawValue
            header.dataPageHeader = DataPageHeader(numValues: Int32(span.levels.count), encoding: encoding.rawValue)
        }
        header.uncompressedPageSize = Int32(uncompressed)
        header.compressedPageSize = Int32(body.count)
        return (header.encode(), body, uncompressed)
    }

    private func appendLength(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(n)
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 24))
    }
}
