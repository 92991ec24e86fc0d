extension ParquetReader {
    /// How much one file may make the reader decode, so that a small hostile file cannot exhaust memory.
    ///
    /// Every page read from a file draws on one budget of `decodedBytesFloor + decodedBytesPerFileByte x file
    /// size` bytes (saturating), counted before anything is allocated: decompressed page bytes, decoded
    /// repetition/definition levels (1 byte each), dictionary indices (4 bytes each) and values (their fixed
    /// width; byte arrays 4 bytes of offset each plus the bytes that dictionaries and DELTA_BYTE_ARRAY prefixes
    /// replicate). Reading past it fails with `ParquetError.Code.limitExceeded`. The budget covers the reader and
    /// all its copies, over every row group, so reading the same chunk again (row groups may share byte ranges)
    /// spends it again. Peak memory stays a small multiple of the budget (record assembly copies values once).
    public struct Limits: Sendable, Hashable {
        /// Decoded bytes any file may produce, whatever its size. Default 32 MiB.
        public var decodedBytesFloor: Int
        /// Further decoded bytes per byte of file. Default 256: honest columnar data rarely expands more, and a
        /// 100 MB file may still decode to 25 GB.
        public var decodedBytesPerFileByte: Int

        public init(decodedBytesFloor: Int = 32 << 20, decodedBytesPerFileByte: Int = 256) {
            self.decodedBytesFloor = decodedBytesFloor
            self.decodedBytesPerFileByte = decodedBytesPerFileByte
        }

        /// 32 MiB plus 256 bytes per byte of file: for files from outside (ingestion, the `parquet` commands).
        public static let `default` = Limits()
        /// No budget: only for files Outflow wrote itself (the lake's own parts, read by queries and exports).
        public static let unlimited = Limits(decodedBytesFloor: .max, decodedBytesPerFileByte: 0)

        /// The budget for a file of `fileSize` bytes.
        public func decodedBytes(forFileOfSize fileSize: Int) -> Int {
            let (scaled, overflow) = max(0, fileSize).multipliedReportingOverflow(by: max(0, decodedBytesPerFileByte))
            if overflow { return .max }
            let (total, overflow2) = max(0, decodedBytesFloor).addingReportingOverflow(scaled)
            return overflow2 ? .max : total
        }
    }
}
