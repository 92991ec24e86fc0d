/// Charging the file's decode budget before each allocation a page asks for (dictionary lookups, whose output a
/// small page can make far larger than the page, are charged in `appendValues` before they copy).
extension ColumnChunkReader {
    /// Charges `bytes` about to be decoded at `position` (chunk-relative) for `what`.
    func charge(_ bytes: Int, _ what: String, _ position: Int) throws(ParquetError) {
        do {
            try budget.charge(bytes, for: what)
        } catch {
            var located = error
            located.offset = baseOffset + position
            located.fieldPath = leaf.dottedPath
            throw located
        }
    }

    /// Charges `count` decoded values of this leaf's physical type (byte arrays: their 4-byte offsets; the bytes
    /// themselves come from the page, already charged, or are charged where they are replicated).
    func charge(values count: Int, _ what: String, _ position: Int) throws(ParquetError) {
        let width: Int
        switch leaf.physical {
        case .boolean: width = 1
        case .int32, .float, .byteArray: width = 4
        case .int64, .double: width = 8
        case .int96: width = 12
        case .fixedLenByteArray: width = max(1, leaf.typeLength)
        }
        let (bytes, overflow) = max(0, count).multipliedReportingOverflow(by: width)
        try charge(overflow ? .max : bytes, what, position)
    }

    /// Charges one level byte per entry for each level stream this leaf has.
    func chargeLevels(_ count: Int, _ position: Int) throws(ParquetError) {
        let streams = (leaf.maxRepetition > 0 ? 1 : 0) + (leaf.maxDefinition > 0 ? 1 : 0)
        if streams > 0 { try charge(count * streams, "levels", position) }
    }
}
