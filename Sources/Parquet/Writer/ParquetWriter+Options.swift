public import Codecs

extension ParquetWriter {
    /// Writer settings.
    public struct Options: Sendable {
        /// Buffered (uncompressed) bytes after which a row group is flushed.
        public var rowGroupBytes: Int
        /// Target size of one data page before compression.
        public var pageBytes: Int
        /// Page compression (default ZSTD).
        public var codec: CompressionCodec
        /// Codec level (`nil` = the codec's default).
        public var compressionLevel: Int?
        /// Dictionary-encode columns (RLE_DICTIONARY), falling back to PLAIN when the dictionary is too big.
        public var dictionary: Bool
        /// Largest dictionary page, in bytes, before falling back to PLAIN.
        public var dictionaryPageLimit: Int
        /// 1 (DATA_PAGE) or 2 (DATA_PAGE_V2).
        public var dataPageVersion: Int
        /// Extra key-value metadata for the footer.
        public var keyValueMetadata: [String: String]
        /// Write a ColumnIndex and OffsetIndex per column chunk.
        public var writePageIndex: Bool
        /// Most rows in one data page (nil: pages are cut by `pageBytes` alone). With a page index, smaller pages
        /// let readers skip more (parquet-mr and arrow-rs cut at 20,000 rows).
        public var pageRowLimit: Int?

        /// Options with Outflow's defaults: 128 MiB row groups, 1 MiB pages, ZSTD, dictionaries, v1 pages.
        public init(
            rowGroupBytes: Int = 128 << 20, pageBytes: Int = 1 << 20, codec: CompressionCodec = .zstd,
            compressionLevel: Int? = nil, dictionary: Bool = true, dictionaryPageLimit: Int = 1 << 20,
            dataPageVersion: Int = 1, keyValueMetadata: [String: String] = [:], writePageIndex: Bool = false,
            pageRowLimit: Int? = nil
        ) {
            self.rowGroupBytes = rowGroupBytes
            self.pageBytes = pageBytes
            self.codec = codec
            self.compressionLevel = compressionLevel
            self.dictionary = dictionary
            self.dictionaryPageLimit = dictionaryPageLimit
            self.dataPageVersion = dataPageVersion
            self.keyValueMetadata = keyValueMetadata
            self.writePageIndex = writePageIndex
            self.pageRowLimit = pageRowLimit
        }
    }
}
