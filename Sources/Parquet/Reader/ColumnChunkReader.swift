import Codecs

/// Decodes the pages of one column chunk (bytes already read) into levels and values. Pure but for the file's
/// decode budget, which every page draws on before it allocates (`ColumnChunkReader+Budget.swift`).
struct ColumnChunkReader {
    let leaf: LeafDescriptor
    let codec: CompressionCodec
    /// File offset of `bytes[0]`, for error messages.
    let baseOffset: Int
    let budget: DecodeBudget
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

    func read(_ bytes: [UInt8], valueCount: Int) throws(ParquetError) -> LeafData {
        var data = LeafData(values: .empty(for: leaf.physical, typeLength: leaf.typeLength))
        var dictionary: LeafValues?
        var position = 0
        while data.levelCount < valueCount {
            guard position < bytes.count else {
                throw corrupt("column chunk ends after \(data.levelCount) of \(valueCount) values", position)
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
                let page = try decompress(bytes, body, uncompressedSize: Int(header.uncompressedPageSize))
                try charge(values: Int(h.numValues), "dictionary page", body.lowerBound)
                dictionary = try PlainDecoder.decode(
                    page, position: 0, end: page.count, count: Int(h.numValues), physical: leaf.physical,
                    typeLength: leaf.typeLength
                ).0
            case .dataPage:
                guard let h = header.dataPageHeader else { throw corrupt("data page without header", body.lowerBound) }
                let count = try pageCount(h.numValues, remaining: valueCount - data.levelCount, body.lowerBound)
                let page = try decompress(bytes, body, uncompressedSize: Int(header.uncompressedPageSize))
                try chargeLevels(count, body.lowerBound)
                var p = 0
                var rep: [UInt8] = []
                var def: [UInt8] = []
                if leaf.maxRepetition > 0 {
                    p = try levelsV1(
                        page, at: p, count: count, maxLevel: leaf.maxRepetition, encoding: h.repetitionLevelEncoding,
                        into: &rep)
                }
                if leaf.maxDefinition > 0 {
                    p = try levelsV1(
                        page, at: p, count: count, maxLevel: leaf.maxDefinition, encoding: h.definitionLevelEncoding,
                        into: &def)
                }
                try appendPage(
                    &data, rep: rep, def: def, count: count, page: page, valuesAt: p, encoding: h.encoding,
                    dictionary: dictionary)
            case .dataPageV2:
                guard let h = header.dataPageHeaderV2 else {
                    throw corrupt("data page v2 without header", body.lowerBound)
                }
                let count = try pageCount(h.numValues, remaining: valueCount - data.levelCount, body.lowerBound)
                let repLength = Int(h.repetitionLevelsByteLength)
                let defLength = Int(h.definitionLevelsByteLength)
                guard repLength >= 0, defLength >= 0, repLength + defLength <= size else {
                    throw corrupt("level lengths exceed the page", body.lowerBound)
                }
                try chargeLevels(count, body.lowerBound)
                var rep: [UInt8] = []
                var def: [UInt8] = []
                let repStart = body.lowerBound
                if leaf.maxRepetition > 0 {
                    var d = RLEDecoder(
                        bytes: bytes, position: repStart, end: repStart + repLength,
                        bitWidth: RLEEncoder.bitWidth(for: leaf.maxRepetition))
                    try d.decode(count: count, into: &rep)
                }
                let defStart = repStart + repLength
                if leaf.maxDefinition > 0 {
                    var d = RLEDecoder(
                        bytes: bytes, position: defStart, end: defStart + defLength,
                        bitWidth: RLEEncoder.bitWidth(for: leaf.maxDefinition))
                    try d.decode(count: count, into: &def)
                }
                let valuesRange = defStart + defLength..<body.upperBound
                let page: [UInt8]
                if h.isCompressed && codec != .none {
                    let uncompressed = Int(header.uncompressedPageSize) - repLength - defLength
                    page = try decompress(bytes, valuesRange, uncompressedSize: uncompressed)
                } else {
                    try charge(valuesRange.count, "data page", valuesRange.lowerBound)
                    page = Array(bytes[valuesRange])
                }
                try appendPage(
                    &data, rep: rep, def: def, count: count, page: page, valuesAt: 0, encoding: h.encoding,
                    dictionary: dictionary)
            default:
                continue
            }
        }
        return data
    }

    private func pageCount(_ raw: Int32, remaining: Int, _ position: Int) throws(ParquetError) -> Int {
        guard raw >= 0, Int(raw) <= remaining, Int(raw) <= Self.maxPageValues else {
            throw corrupt("page claims \(raw) values, \(remaining) remain in the chunk", position)
        }
        return Int(raw)
    }

    private func decompress(_ bytes: [UInt8], _ range: Range<Int>, uncompressedSize: Int) throws(ParquetError)
        -> [UInt8]
    {
        if codec == .none {
            try charge(range.count, "page", range.lowerBound)
            return Array(bytes[range])
        }
        let most = BlockCompression.maxExpansion(of: range.count, codec: codec)
        guard uncompressedSize >= 0, uncompressedSize <= most else {
            throw corrupt(
                "page claims \(uncompressedSize) bytes from \(range.count) compressed; \(codec.rawValue) expands "
                    + "that to at most \(most)", range.lowerBound)
        }
        try charge(uncompressedSize, "decompressing a page", range.lowerBound)
        do {
            return try BlockCompression.decompress(
                Array(bytes[range]), codec: codec, uncompressedSize: uncompressedSize)
        } catch {
            throw corrupt("cannot decompress page: \(error)", range.lowerBound)
        }
    }

    private func levelsV1(
        _ page: [UInt8], at position: Int, count: Int, maxLevel: Int, encoding: Int32, into out: inout [UInt8]
    ) throws(ParquetError) -> Int {
        let width = RLEEncoder.bitWidth(for: maxLevel)
        switch Encoding(rawValue: encoding) {
        case .rle:
            guard page.count - position >= 4 else { throw corrupt("levels end early", position) }
            let length =
                Int(page[position]) | Int(page[position + 1]) << 8 | Int(page[position + 2]) << 16 | Int(
                    page[position + 3]) << 24
            guard length <= page.count - position - 4 else {
                throw corrupt("level length \(length) exceeds the page", position)
            }
            var d = RLEDecoder(bytes: page, position: position + 4, end: position + 4 + length, bitWidth: width)
            try d.decode(count: count, into: &out)
            return position + 4 + length
        case .bitPacked:
            return position
                + (try RLEDecoder.decodeLegacyBitPacked(
                    page, position: position, count: count, bitWidth: width, into: &out))
        default:
            throw ParquetError(.unsupported, "level encoding \(Encoding.name(encoding))", fieldPath: leaf.dottedPath)
        }
    }

    private func appendPage(
        _ data: inout LeafData, rep: [UInt8], def: [UInt8], count: Int, page: [UInt8], valuesAt position: Int,
        encoding: Int32, dictionary: LeafValues?
    ) throws(ParquetError) {
        let maxDef = UInt8(leaf.maxDefinition)
        var present = count
        if leaf.maxDefinition > 0 {
            present = 0
            for d in def {
                guard d <= maxDef else { throw corrupt("definition level \(d) above \(maxDef)", position) }
                if d == maxDef { present += 1 }
            }
        }
        if leaf.maxRepetition > 0 {
            let maxRep = UInt8(leaf.maxRepetition)
            for r in rep where r > maxRep { throw corrupt("repetition level \(r) above \(maxRep)", position) }
            if data.levelCount == 0, let first = rep.first, first != 0 {
                throw corrupt("first repetition level is not 0", position)
            }
        }
        try charge(values: present, "page values", position)
        let values = try decodeValues(page, at: position, count: present, encoding: encoding, dictionary: dictionary)
        guard values.count == present else {
            throw corrupt("page has \(values.count) values, expected \(present)", position)
        }
        data.definitionLevels.append(contentsOf: def)
        data.repetitionLevels.append(contentsOf: rep)
        data.values.append(values)
        data.levelCount += count
    }

    private func decodeValues(
        _ page: [UInt8], at position: Int, count: Int, encoding: Int32, dictionary: LeafValues?
    ) throws(ParquetError) -> LeafValues {
        let physical = leaf.physical
        switch Encoding(rawValue: encoding) {
        case .plain:
            return try PlainDecoder.decode(
                page, position: position, end: page.count, count: count, physical: physical, typeLength: leaf.typeLength
            ).0
        case .plainDictionary, .rleDictionary:
            guard let dictionary else { throw corrupt("dictionary-encoded page without a dictionary", position) }
            if count == 0 { return .empty(for: physical, typeLength: leaf.typeLength) }
            guard position < page.count else { throw corrupt("missing index bit width", position) }
            var d = RLEDecoder(bytes: page, position: position + 1, end: page.count, bitWidth: Int(page[position]))
            try charge(count * 4, "dictionary indices", position)
            var indices: [Int32] = []
            try d.decode(count: count, into: &indices)
            return try gather(dictionary, indices, position)
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
