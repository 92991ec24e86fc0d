public import NIOCore

/// Encodes rows as the data of `COPY ... TO STDOUT`, byte for byte as PostgreSQL 15's `copyto.c` writes it, off the
/// event loop. Each row is one framed CopyData message, as PostgreSQL sends it (psycopg's `read_rows` parses one row
/// per message); the driver writes many of them per socket write.
///
/// - text: values in their text output, separated by the delimiter, NULL as the NULL string; backslash, the
///   delimiter, and the control characters backspace, form feed, newline, carriage return, tab and vertical tab
///   are escaped with a backslash (`\b \f \n \r \t \v`); a line ends with a newline.
/// - CSV: a value is quoted when it contains the delimiter, the quote, CR or LF, when it equals the NULL string (so
///   an empty string is `""` under the default NULL), when it is `\.` alone on its line, or when FORCE_QUOTE asks;
///   inside quotes the quote and the escape character are preceded by the escape character. NULL is the NULL
///   string, never quoted.
/// - binary: the signature `PGCOPY\n\377\r\n\0`, flags and header-extension length (both 0) before the first row;
///   per row an int16 field count, then per field an int32 length (-1 for NULL) and the binary send format; the
///   int16 -1 trailer in a message of its own.
///
/// The header line (text and CSV) is a message of its own, written even when no row follows.
public struct CopyOutWriter: Sendable {
    public let columns: [WireColumn]
    public let options: WireCopyOut
    private let delimiter: UInt8
    private let quote: UInt8
    private let escape: UInt8
    private let null: [UInt8]
    private var started = false

    /// The 11-byte signature, the flags field and the header extension length of binary COPY.
    static let binarySignature: [UInt8] =
        Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [UInt8](repeating: 0, count: 8)

    public init(columns: [WireColumn], options: WireCopyOut) {
        self.columns = columns
        self.options = options
        // The engine checks that each is one single-byte character; a missing one falls back to the default.
        self.delimiter = options.delimiter.utf8.first ?? UInt8(ascii: options.format == .csv ? "," : "\t")
        self.quote = options.quote.utf8.first ?? UInt8(ascii: "\"")
        self.escape = options.escape.utf8.first ?? quote
        self.null = Array(options.null.utf8)
    }

    /// Appends the CopyData message of `row` (missing values are NULL), preceded for the first row by the header
    /// line or the binary signature.
    public mutating func write(_ row: WireRow, into out: inout ByteBuffer) throws(WireError) {
        let first = writeHeaderOnce(into: &out)
        let lengthIndex = Self.beginMessage(&out)
        switch options.format {
        case .text, .csv:
            for index in columns.indices {
                if index > 0 { out.writeInteger(delimiter) }
                let value = index < row.count ? row[index] : .null
                guard let text = value.textFormat(type: columns[index].typeOID) else {
                    out.writeBytes(null)
                    continue
                }
                if options.format == .csv {
                    writeCSV(text, forceQuote: options.forceQuote.applies(to: index), into: &out)
                } else {
                    writeText(text, into: &out)
                }
            }
            out.writeInteger(UInt8(ascii: "\n"))
        case .binary:
            if first { out.writeBytes(Self.binarySignature) }
            out.writeInteger(Int16(truncatingIfNeeded: columns.count))
            for (index, column) in columns.enumerated() {
                let value = index < row.count ? row[index] : .null
                let valueLengthIndex = out.writerIndex
                out.writeInteger(Int32(-1))
                let valueStart = out.writerIndex
                if try value.writeBinary(type: column.typeOID, into: &out) {
                    out.setInteger(Int32(out.writerIndex - valueStart), at: valueLengthIndex)
                }
            }
        }
        Self.endMessage(lengthIndex, &out)
    }

    /// Appends the end of the data: the header line if no row came, and binary's trailer (after the signature when
    /// no row came, in the same message).
    public mutating func finish(into out: inout ByteBuffer) {
        let first = writeHeaderOnce(into: &out)
        guard options.format == .binary else { return }
        let lengthIndex = Self.beginMessage(&out)
        if first { out.writeBytes(Self.binarySignature) }
        out.writeInteger(Int16(-1))
        Self.endMessage(lengthIndex, &out)
    }

    /// Before the first message: the header line of text and CSV, a message of its own. True the first time.
    private mutating func writeHeaderOnce(into out: inout ByteBuffer) -> Bool {
        guard !started else { return false }
        started = true
        guard options.header && options.format != .binary else { return true }
        let lengthIndex = Self.beginMessage(&out)
        for (index, column) in columns.enumerated() {
            if index > 0 { out.writeInteger(delimiter) }
            if options.format == .csv {
                writeCSV(column.name, forceQuote: false, into: &out)
            } else {
                writeText(column.name, into: &out)
            }
        }
        out.writeInteger(UInt8(ascii: "\n"))
        Self.endMessage(lengthIndex, &out)
        return true
    }

    private static func beginMessage(_ out: inout ByteBuffer) -> Int {
        out.writeInteger(UInt8(ascii: "d"))
        let lengthIndex = out.writerIndex
        out.writeInteger(Int32(0))
        return lengthIndex
    }

    private static func endMessage(_ lengthIndex: Int, _ out: inout ByteBuffer) {
        out.setInteger(Int32(out.writerIndex - lengthIndex), at: lengthIndex)
    }

    /// `CopyAttributeOutText`: the text with backslash escapes.
    private func writeText(_ text: String, into out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            let delimiter = self.delimiter
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                let letter: UInt8?
                if byte < 0x20 {
                    switch byte {
                    case 0x08: letter = UInt8(ascii: "b")
                    case 0x0C: letter = UInt8(ascii: "f")
                    case 0x0A: letter = UInt8(ascii: "n")
                    case 0x0D: letter = UInt8(ascii: "r")
                    case 0x09: letter = UInt8(ascii: "t")
                    case 0x0B: letter = UInt8(ascii: "v")
                    default:
                        // Another control character is written as it is, unless it is the delimiter.
                        guard byte == delimiter else { continue }
                        letter = nil
                    }
                } else if byte == UInt8(ascii: "\\") || byte == delimiter {
                    letter = nil
                } else {
                    continue
                }
                out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<index]))
                out.writeInteger(UInt8(ascii: "\\"))
                if let letter {
                    out.writeInteger(letter)
                    runStart = index + 1
                } else {
                    // The character itself follows the backslash, in the next run.
                    runStart = index
                }
            }
            out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...]))
        }
    }

    /// `CopyAttributeOutCSV`: the text, quoted when it must be.
    private func writeCSV(_ text: String, forceQuote: Bool, into out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            let (delimiter, quote, escape) = (self.delimiter, self.quote, self.escape)
            var quoted = forceQuote || bytes.elementsEqual(null)
            if !quoted {
                // `\.` alone on a line would read back as the end-of-data marker.
                if columns.count == 1 && bytes.count == 2 && bytes[0] == UInt8(ascii: "\\")
                    && bytes[1] == UInt8(ascii: ".")
                {
                    quoted = true
                } else {
                    quoted = bytes.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
                }
            }
            guard quoted else {
                out.writeBytes(UnsafeRawBufferPointer(bytes))
                return
            }
            out.writeInteger(quote)
            var runStart = 0
            for index in bytes.indices where bytes[index] == quote || bytes[index] == escape {
                out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<index]))
                out.writeInteger(escape)
                runStart = index
            }
            out.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...]))
            out.writeInteger(quote)
        }
    }
}
