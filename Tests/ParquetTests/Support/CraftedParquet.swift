@testable import Parquet

/// Builds one-column, one-row-group Parquet files whose page headers and footer say whatever a test needs,
/// including what no honest writer would (hostile-input tests).
struct CraftedParquet {
    struct Page {
        var header: PageHeader
        var body: [UInt8]
    }

    var column = "c"
    var physical = PhysicalType.int64
    var convertedType: ConvertedType?
    var codec = ThriftCodec.uncompressed
    var valueCount: Int64
    /// Dictionary page first (when any), then data pages.
    var dictionary: Page?
    var pages: [Page]

    static func dataPage(
        values: Int32, encoding: Encoding, body: [UInt8], uncompressedSize: Int32? = nil
    ) -> Page {
        var header = PageHeader()
        header.type = PageType.dataPage.rawValue
        header.uncompressedPageSize = uncompressedSize ?? Int32(body.count)
        header.compressedPageSize = Int32(body.count)
        header.dataPageHeader = DataPageHeader(numValues: values, encoding: encoding.rawValue)
        return Page(header: header, body: body)
    }

    static func dictionaryPage(values: Int32, body: [UInt8]) -> Page {
        var header = PageHeader()
        header.type = PageType.dictionaryPage.rawValue
        header.uncompressedPageSize = Int32(body.count)
        header.compressedPageSize = Int32(body.count)
        header.dictionaryPageHeader = DictionaryPageHeader(numValues: values)
        return Page(header: header, body: body)
    }

    /// An unsigned LEB128 varint (RLE run headers, delta encodings).
    static func varint(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    /// Bit width 0, then one RLE run of `count` copies of index 0.
    static func rleRunOfIndexZero(_ count: Int) -> [UInt8] {
        [0] + varint(UInt64(count) << 1)
    }

    func bytes() -> [UInt8] {
        var out = Array("PAR1".utf8)
        let start = out.count
        var dataOffset = start
        if let dictionary { out += dictionary.header.encode() + dictionary.body }
        dataOffset = out.count
        for page in pages { out += page.header.encode() + page.body }
        var meta = ColumnMetaData()
        meta.type = physical.rawValue
        meta.encodings = [Encoding.plain.rawValue, Encoding.rleDictionary.rawValue]
        meta.pathInSchema = [column]
        meta.codec = codec.rawValue
        meta.numValues = valueCount
        meta.totalCompressedSize = Int64(out.count - start)
        meta.totalUncompressedSize = meta.totalCompressedSize
        meta.dataPageOffset = Int64(dataOffset)
        if dictionary != nil { meta.dictionaryPageOffset = Int64(start) }
        var leaf = SchemaElement(name: column)
        leaf.type = physical.rawValue
        leaf.repetition = Repetition.required.rawValue
        leaf.convertedType = convertedType?.rawValue
        var root = SchemaElement(name: "schema")
        root.numChildren = 1
        var footer = FileMetaData()
        footer.schema = [root, leaf]
        footer.numRows = valueCount
        footer.rowGroups = [
            RowGroup(
                columns: [ColumnChunk(fileOffset: Int64(start), metaData: meta)],
                totalByteSize: meta.totalCompressedSize,
                numRows: valueCount)
        ]
        let encoded = footer.encode()
        out += encoded
        let n = UInt32(encoded.count)
        out += [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)]
        out += Array("PAR1".utf8)
        return out
    }
}
