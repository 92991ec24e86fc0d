/// Splits CSV bytes into records of raw cells (RFC 4180: comma separator, CRLF or LF line ends, double-quoted
/// cells with `""` escapes and embedded line breaks). Knows nothing about types.
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

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // Skip a UTF-8 byte order mark.
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next record, or nil at the end of input.
    mutating func next() -> Record? {
        guard index < bytes.count else { return nil }
        var record = Record(line: line, cells: [])
        var cell: [UInt8] = []
        var cellIsCopied = false
        var cellStart = index
        var inQuotes = false
        var quoted = false
        func finishCell(_ end: Int) {
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
                finishCell(index)
                index += 1
                cellStart = index
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                finishCell(index)
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
        finishCell(index)
        return record
    }
}
