public import NIOCore

/// Encodes rows of `WireValue`s as framed DataRow messages in one buffer, off the event loop, in the formats the
/// client asked for per column.
public struct DataRowWriter: Sendable {
    public let columns: [WireColumn]
    public let formats: [WireFormat]

    public init(columns: [WireColumn], formats: [WireFormat]) {
        self.columns = columns
        self.formats = (0..<columns.count).map { WireFormat.resolve(formats, index: $0) }
    }

    /// Appends one DataRow message for `row` to `out`.
    public func write(_ row: WireRow, into out: inout ByteBuffer) throws(WireError) {
        out.writeInteger(UInt8(ascii: "D"))
        let lengthIndex = out.writerIndex
        out.writeInteger(Int32(0))
        out.writeInteger(Int16(truncatingIfNeeded: columns.count))
        for (index, column) in columns.enumerated() {
            let value = index < row.count ? row[index] : .null
            let valueLengthIndex = out.writerIndex
            out.writeInteger(Int32(-1))
            let start = out.writerIndex
            switch formats[index] {
            case .text:
                guard let text = value.textFormat(type: column.typeOID) else { continue }
                out.writeString(text)
            case .binary:
                guard try value.writeBinary(type: column.typeOID, into: &out) else { continue }
            }
            out.setInteger(Int32(out.writerIndex - start), at: valueLengthIndex)
        }
        out.setInteger(Int32(out.writerIndex - lengthIndex), at: lengthIndex)
    }
}
