/// Splits CSV bytes into records of raw cells (RFC 4180: comma separator, CRLF or LF line ends, double-quoted
/// cells with `""` escapes and embedded line breaks). Knows nothing about types.
///
/// A record longer than `maxRecordBytes` or with more than `maxCells` cells fails the whole file: both bound
/// what one record can make the reader hold (a cell slice costs 32 bytes, so a line of commas would otherwise
/// cost 32 times its length).
struct CSVTokenizer {
    struct Record {
        /// 1-based line the record starts on.
        var line: Int
        var cells: [ArraySlice<UInt8>]
        /// Set when the record is malformed (for example an unterminated quote).
        var problem: String?
    }

    private let bytes: [UInt8]
    private var index: Int
    private var line = 1
    let maxRecordBytes: Int
    let maxCells: Int

    init(bytes: [UInt8], maxRecordBytes: Int = 16 << 20, maxCells: Int = 10_000) {
        self.bytes = bytes
        self.maxRecordBytes = max(1, maxRecordBytes)
        self.maxCells = max(1, maxCells)
        // Skip a UTF-8 byte order mark.
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record, or nil at the end of input; throws when the record passes a limit.
    mutating func next() throws(LakeError) -> Record? {
        guard index < bytes.count else { return nil }
        var record = Record(line: line, cells: [])
        let recordStart = index
        let startLine = line
        var cell: [UInt8] = []
        var cellIsCopied = false
        var cellStart = index
        var inQuotes = false
        var quoted = false
        func finishCell(_ end: Int) throws(LakeError) {
            guard record.cells.count < maxCells else {
                throw LakeError(.invalidInput, "record at line \(startLine) has more than \(maxCells) cells")
            }
            if cellIsCopied || quoted {
                record.cells.append(ArraySlice(cell))
            } else {
                record.cells.append(bytes[cellStart..<end])
            }
            cell.removeAll(keepingCapacity: true)
            cellIsCopied = false
            quoted = false
        }
        while index < bytes.count {
            guard index - recordStart <= maxRecordBytes else {
                throw LakeError(.invalidInput, "record at line \(startLine) is longer than \(maxRecordBytes) bytes")
            }
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        index += 2
                        continue
                    }
                    inQuotes = false
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                cell.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if !quoted, index == cellStart {
                    quoted = true
                    inQuotes = true
                } else {
                    record.problem = record.problem ?? "stray quote in unquoted cell \(record.cells.count + 1)"
                    cell.append(byte)
                }
                index += 1
            case UInt8(ascii: ","):
                try finishCell(index)
                index += 1
                cellStart = index
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                try finishCell(index)
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1
                }
                index += 1
                line += 1
                return record
            default:
                if quoted {
                    record.problem = record.problem ?? "text after closing quote in cell \(record.cells.count + 1)"
                }
                if quoted || cellIsCopied { cell.append(byte) }
                index += 1
            }
        }
        if inQuotes { record.problem = "unterminated quoted cell" }
        try finishCell(index)
        return record
    }
}
