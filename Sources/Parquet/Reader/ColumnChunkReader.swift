import Codecs

/// Decodes the pages of one column chunk (bytes already read) into levels and values. Pure but for the file's
/// decode budget, which every page draws on before it allocates (`ColumnChunkReader+Budget.swift`).
struct ColumnChunkReader {
    let leaf: LeafDescriptor
    let codec: CompressionCodec
    /// File offset of `bytes[0]`, for error messages.
    let baseOffset: Int
    let budget: DecodeBudget
    /// Every data page must start a record (repetition level 0): set when pages are read by the OffsetIndex, whose
    /// first rows presume it.
    var pagesStartRecords = false
    /// Largest page count of level entries accepted.
    static let maxPageValues = 1 << 27

    init(leaf: LeafDescriptor, codecRaw: Int32, baseOffset: Int, budget: DecodeBudget) throws(ParquetError) {
        self.leaf = leaf
        self.baseOffset = baseOffset
        self.budget = budget
        switch ThriftCodec(rawValue: codecRaw) {
        case .uncompressed: codec = .none
        case .snappy: codec = .snappy
        case .gzip: codec = .gzip
        case .zstd: codec = .zstd
        default:
            throw ParquetError(
                .unsupported, "unsupported codec \(ThriftCodec.name(codecRaw))", fieldPath: leaf.dottedPath)
        }
    }

    private func corrupt(_ message: String, _ position: Int) -> ParquetError {
        ParquetError(.corruptPage, message, offset: baseOffset + position, fieldPath: leaf.dottedPath)
    }

    /// Decodes the pages in `bytes`: until `valueCount` levels are read, or (nil) every page to the end of the
    /// bytes (a dictionary page and data pages picked by the OffsetIndex).
    func read(_ bytes: [UInt8], valueCount: Int?) throws(ParquetError) -> LeafData {
        let pages = PageScratch()
        let indices = PageScratch()
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ParquetError) -> LeafData in
            let chunk = UnsafeRawBufferPointer(buffer)
            return try read(bytes, chunk, valueCount: valueCount, pages: pages, indices: indices)
        }
    }

    /// The page loop over the chunk's bytes; decompressed pages land in `pages`, dictionary indices in `indices`.
    private func read(
        _ bytes: [UInt8], _ chunk: UnsafeRawBufferPointer, valueCount: Int?, pages: PageScratch, indices: PageScratch
    ) throws(ParquetError) -> LeafData {
        var data = LeafData(values: .empty(for: leaf.physical, typeLength: leaf.typeLength))
        var dictionary: LeafValues?
        var position = 0
        let limit = valueCount ?? Int.max
        while valueCount.map({ data.levelCount < $0 }) ?? (position < bytes.count) {
            guard position < bytes.count else {
                throw corrupt("column chunk ends after \(data.levelCount) of \(limit) values", position)
            }
            let (header, headerLength) = try PageHeader.decode(bytes, at: position, end: bytes.count)
            position += headerLength
            let size = Int(header.compressedPageSize)
            guard size >= 0, size <= bytes.count - position, header.uncompressedPageSize >= 0 else {
                throw corrupt("page size \(size) exceeds the column chunk", position)
            }
            let body = position..<position + size
            position += size
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                guard let h = header.dictionaryPageHeader, h.numValues >= 0 else {
                    throw corrupt("dictionary page without header", body.lowerBound)
                }
                let page = try decompress(
                    chunk, body, uncompressedSize: Int(header.uncompressedPageSize), into: pages)
                try charge(values: Int(h.numValues), "dictionary page", body.lowerBound)
                dictionary = try PlainDecoder.decode(
                    page, position: 0, end: page.count, count: Int(h.numValues), physical: leaf.physical,
                    typeLength: leaf.typeLength
                ).0
            case .dataPage:
                guard let h = header.dataPageHeader else { throw corrupt("data page without header", body.lowerBound) }
                let count = try pageCount(h.numValues, remaining: limit - data.levelCount, body.lowerBound)
                let page = try decompress(
                    chunk, body, uncompressedSize: Int(header.uncompressedPageSize), into: pages)
                try chargeLevels(count, body.lowerBound)
                var p = 0
                if leaf.maxRepetition > 0 {
                    p = try levelsV1(
                        page, at: p, count: count, maxLevel: leaf.maxRepetition, encoding: h.repetitionLevelEncoding,
                        into: &data.repetitionLevels)
                }
                if leaf.maxDefinition > 0 {
                    p = try levelsV1(
                        page, at: p, count: count, maxLevel: leaf.maxDefinition, encoding: h.definitionLevelEncoding,
                        into: &data.definitionLevels)
                }
                try appendPage(
                    &data, count: count, page: page, valuesAt: p, encoding: h.encoding, dictionary: dictionary,
                    indices: indices)
            case .dataPageV2:
                guard let h = header.dataPageHeaderV2 else {
                    throw corrupt("data page v2 without header", body.lowerBound)
                }
                let count = try pageCount(h.numValues, remaining: limit - data.levelCount, body.lowerBound)
                let repLength = Int(h.repetitionLevelsByteLength)
                let defLength = Int(h.definitionLevelsByteLength)
                guard repLength >= 0, defLength >= 0, repLength + defLength <= size else {
                    throw corrupt("level lengths exceed the page", body.lowerBound)
                }
                try chargeLevels(count, body.lowerBound)
                let repStart = body.lowerBound
                if leaf.maxRepetition > 0 {
                    try decodeLevels(
                        chunk, repStart..<repStart + repLength, count: count, maxLevel: leaf.maxRepetition,
                        into: &data.repetitionLevels)
                }
                let defStart = repStart + repLength
                if leaf.maxDefinition > 0 {
                    try decodeLevels(
                        chunk, defStart..<defStart + defLength, count: count, maxLevel: leaf.maxDefinition,
                        into: &data.definitionLevels)
                }
                let valuesRange = defStart + defLength..<body.upperBound
                let page: UnsafeRawBufferPointer
                if h.isCompressed && codec != .none {
                    let uncompressed = Int(header.uncompressedPageSize) - repLength - defLength
                    page = try decompress(chunk, valuesRange, uncompressedSize: uncompressed, into: pages)
                } else {
                    try charge(valuesRange.count, "data page", valuesRange.lowerBound)
                    page = UnsafeRawBufferPointer(rebasing: chunk[valuesRange])
                }
                try appendPage(
                    &data, count: count, page: page, valuesAt: 0, encoding: h.encoding, dictionary: dictionary,
                    indices: indices)
            default:
                continue
            }
        }
        return data
    }

    /// Appends `count` RLE-encoded levels from `chunk[range]` to `levels`.
    private func decodeLevels(
        _ chunk: UnsafeRawBufferPointer, _ range: Range<Int>, count: Int, maxLevel: Int, into levels: inout [UInt8]
    ) throws(ParquetError) {
        var reader = RLEReader(
            bytes: chunk, position: range.lowerBound, end: range.upperBound,
            bitWidth: RLEEncoder.bitWidth(for: maxLevel))
        try Self.appendDecoded(count, to: &levels) { (out) throws(ParquetError) in
            try reader.decode(count: count, into: out)
        }
    }

    /// Grows `array` by `count` elements that `fill` initializes through a pointer.
    static func appendDecoded<T: FixedWidthInteger>(
        _ count: Int, to array: inout [T], _ fill: (UnsafeMutablePointer<T>) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        guard count > 0 else { return }
        let old = array.count
        array.append(contentsOf: repeatElement(0, count: count))
        try array.withUnsafeMutableBufferPointer { (buffer) throws(ParquetError) in
            guard let base = buffer.baseAddress else { return }
            try fill(base + old)
        }
    }

    private func pageCount(_ raw: Int32, remaining: Int, _ position: Int) throws(ParquetError) -> Int {
        guard raw >= 0, Int(raw) <= remaining, Int(raw) <= Self.maxPageValues else {
            throw corrupt("page claims \(raw) values, \(remaining) remain in the chunk", position)
        }
        return Int(raw)
    }

    /// The page bytes of `chunk[range]`: the chunk's own bytes when uncompressed, else decompressed into
    /// `scratch` (valid until the next page).
    private func decompress(
        _ chunk: UnsafeRawBufferPointer, _ range: Range<Int>, uncompressedSize: Int, into scratch: PageScratch
    ) throws(ParquetError) -> UnsafeRawBufferPointer {
        let input = UnsafeRawBufferPointer(rebasing: chunk[range])
        if codec == .none {
            try charge(range.count, "page", range.lowerBound)
            return input
        }
        let most = BlockCompression.maxExpansion(of: range.count, codec: codec)
        guard uncompressedSize >= 0, uncompressedSize <= most else {
            throw corrupt(
                "page claims \(uncompressedSize) bytes from \(range.count) compressed; \(codec.rawValue) expands "
                    + "that to at most \(most)", range.lowerBound)
        }
        try charge(uncompressedSize, "decompressing a page", range.lowerBound)
        let output = scratch.buffer(uncompressedSize)
        do {
            try BlockCompression.decompress(input, codec: codec, into: output)
        } catch {
            throw corrupt("cannot decompress page: \(error)", range.lowerBound)
        }
        return UnsafeRawBufferPointer(output)
    }

    private func levelsV1(
        _ page: UnsafeRawBufferPointer, at position: Int, count: Int, maxLevel: Int, encoding: Int32,
        into out: inout [UInt8]
    ) throws(ParquetError) -> Int {
        let width = RLEEncoder.bitWidth(for: maxLevel)
        switch Encoding(rawValue: encoding) {
        case .rle:
            guard page.count - position >= 4 else { throw corrupt("levels end early", position) }
            let length = Int(page.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian)
            guard length <= page.count - position - 4 else {
                throw corrupt("level length \(length) exceeds the page", position)
            }
            try decodeLevels(page, position + 4..<position + 4 + length, count: count, maxLevel: maxLevel, into: &out)
            return position + 4 + length
        case .bitPacked:
            return position
                + (try RLEDecoder.decodeLegacyBitPacked(
                    Array(page), position: position, count: count, bitWidth: width, into: &out))
        default:
            throw ParquetError(.unsupported, "level encoding \(Encoding.name(encoding))", fieldPath: leaf.dottedPath)
        }
    }

    /// Checks the page's newly appended levels, then appends its values to `data`.
    private func appendPage(
        _ data: inout LeafData, count: Int, page: UnsafeRawBufferPointer, valuesAt position: Int, encoding: Int32,
        dictionary: LeafValues?, indices: PageScratch
    ) throws(ParquetError) {
        let first = data.levelCount
        var present = count
        if leaf.maxDefinition > 0 {
            let maxDef = UInt8(leaf.maxDefinition)
            guard data.definitionLevels.count == first + count else { throw corrupt("levels do not add up", position) }
            let (found, highest) = data.definitionLevels.withUnsafeBufferPointer { d in
                LevelScan.countEqual(UnsafeBufferPointer(rebasing: d[first..<first + count]), to: maxDef)
            }
            guard highest <= maxDef else { throw corrupt("definition level \(highest) above \(maxDef)", position) }
            present = found
        }
        if leaf.maxRepetition > 0 {
            let maxRep = UInt8(leaf.maxRepetition)
            guard data.repetitionLevels.count == first + count else { throw corrupt("levels do not add up", position) }
            let highest = data.repetitionLevels.withUnsafeBufferPointer { r in
                LevelScan.highest(UnsafeBufferPointer(rebasing: r[first..<first + count]))
            }
            guard highest <= maxRep else { throw corrupt("repetition level \(highest) above \(maxRep)", position) }
            if first == 0 || pagesStartRecords, count > 0, data.repetitionLevels[first] != 0 {
                throw corrupt("page does not start a record (first repetition level is not 0)", position)
            }
        }
        try charge(values: present, "page values", position)
        let before = data.values.count
        try appendValues(
            &data.values, page, at: position, count: present, encoding: encoding, dictionary: dictionary,
            indices: indices)
        guard data.values.count - before == present else {
            throw corrupt("page has \(data.values.count - before) values, expected \(present)", position)
        }
        data.levelCount += count
    }

    /// Decodes `count` values of the page and appends them to `values`.
    private func appendValues(
        _ values: inout LeafValues, _ page: UnsafeRawBufferPointer, at position: Int, count: Int, encoding: Int32,
        dictionary: LeafValues?, indices: PageScratch
    ) throws(ParquetError) {
        switch Encoding(rawValue: encoding) {
        case .plain:
            _ = try values.appendPlain(page, at: position, end: page.count, count: count)
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw corrupt("dictionary-encoded page without a dictionary", position) }
            if count == 0 { return }
            guard position < page.count else { throw corrupt("missing index bit width", position) }
            try charge(count * 4, "dictionary indices", position)
            let scratch = indices.buffer(count * 4).bindMemory(to: Int32.self)
            guard let base = scratch.baseAddress else { return }
            var reader = RLEReader(bytes: page, position: position + 1, end: page.count, bitWidth: Int(page[position]))
            try reader.decode(count: count, into: base)
            let picked = UnsafeBufferPointer(scratch)
            guard LevelScan.allBelow(picked, dictionary.count) else {
                throw ParquetError(
                    .corruptPage, "dictionary index out of range", offset: baseOffset + position,
                    fieldPath: leaf.dottedPath)
            }
            let copied = dictionary.gatheredByteCount(picked)
            var held = 0
            if case let .bytes(_, data) = values { held = data.count }
            guard copied <= Int(Int32.max) - held else {
                throw ParquetError(.unsupported, "byte array data over 2 GiB", fieldPath: leaf.dottedPath)
            }
            if copied > 0 { try charge(copied, "dictionary values", position) }
            values.appendGathered(dictionary, picked)
        default:
            values.append(
                try decodeValues(Array(page), at: position, count: count, encoding: encoding))
        }
    }

    /// The encodings other writers may use (RLE booleans, DELTA_*, BYTE_STREAM_SPLIT), decoded from a copy of
    /// the page.
    private func decodeValues(_ page: [UInt8], at position: Int, count: Int, encoding: Int32) throws(ParquetError)
        -> LeafValues
    {
        let physical = leaf.physical
        switch Encoding(rawValue: encoding) {
        case .rle where physical == .boolean:
            guard page.count - position >= 4 else { throw corrupt("boolean RLE ends early", position) }
            var d = RLEDecoder(bytes: page, position: position + 4, end: page.count, bitWidth: 1)
            var bits: [UInt8] = []
            try d.decode(count: count, into: &bits)
            return .boolean(bits.map { $0 != 0 })
        case .deltaBinaryPacked where physical == .int32 || physical == .int64:
            var d = DeltaDecoder(bytes: page, position: position, end: page.count)
            let values = try d.binaryPacked(count: count)
            return physical == .int32 ? .int32(values.map { Int32(truncatingIfNeeded: $0) }) : .int64(values)
        case .deltaLengthByteArray where physical == .byteArray:
            var d = DeltaDecoder(bytes: page, position: position, end: page.count)
            return try d.lengthByteArray(count: count)
        case .deltaByteArray where physical == .byteArray || physical == .fixedLenByteArray:
            var d = DeltaDecoder(bytes: page, position: position, end: page.count)
            return try d.byteArray(
                count: count, fixedWidth: physical == .fixedLenByteArray ? leaf.typeLength : nil,
                charge: { (bytes) throws(ParquetError) in try charge(bytes, "DELTA_BYTE_ARRAY prefixes", position) })
        case .byteStreamSplit:
            return try PlainDecoder.decodeByteStreamSplit(
                page, position: position, end: page.count, count: count, physical: physical, typeLength: leaf.typeLength
            )
        default:
            throw ParquetError(
                .unsupported, "encoding \(Encoding.name(encoding)) for \(physical.name)", fieldPath: leaf.dottedPath)
        }
    }
}
