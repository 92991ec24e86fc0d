/// Thrift compact protocol decoder over a byte array. Safe against malformed input: every read is
/// bounds-checked, nesting depth is limited, and lengths are capped by the bytes that remain.
struct CompactReader {
    typealias WireType = CompactWriter.WireType

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    private var fieldIDStack: [Int16] = []
    private var lastFieldID: Int16 = 0
    static let maxDepth = 64

    init(bytes: [UInt8], position: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { max(0, end - position) }

    func error(_ message: String) -> ParquetError {
        ParquetError(.corruptMetadata, message, offset: position)
    }

    mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < end else { throw ParquetError(.truncated, "thrift data ends early", offset: position) }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            guard shift < 64 else { throw error("varint too long") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readZigzag() throws(ParquetError) -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func readI32() throws(ParquetError) -> Int32 {
        let v = try readZigzag()
        guard let narrow = Int32(exactly: v) else { throw error("i32 out of range") }
        return narrow
    }

    mutating func readI64() throws(ParquetError) -> Int64 { try readZigzag() }

    mutating func readBinary() throws(ParquetError) -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetError(.truncated, "binary length \(length) exceeds data", offset: position)
        }
        let n = Int(length)
        let out = Array(bytes[position..<position + n])
        position += n
        return out
    }

    mutating func readString() throws(ParquetError) -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// Enters a struct (call after its field header or at the top level).
    mutating func beginStruct() throws(ParquetError) {
        guard fieldIDStack.count < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    /// Reads the next field header; nil at the struct's stop byte (which also leaves the struct).
    /// For booleans the value is in the type (`boolTrue`/`boolFalse`).
    mutating func nextField() throws(ParquetError) -> (id: Int16, type: WireType)? {
        let header = try readByte()
        if header == 0 {
            lastFieldID = fieldIDStack.popLast() ?? 0
            return nil
        }
        guard let type = WireType(rawValue: header & 0x0F) else { throw error("unknown thrift type \(header & 0x0F)") }
        let delta = Int16(header >> 4)
        let id: Int16
        if delta != 0 {
            id = lastFieldID &+ delta
        } else {
            let raw = try readZigzag()
            guard let narrow = Int16(exactly: raw) else { throw error("field id out of range") }
            id = narrow
        }
        lastFieldID = id
        return (id, type)
    }

    /// Reads a list header; the count is capped by the bytes that remain.
    mutating func readListHeader() throws(ParquetError) -> (count: Int, type: WireType) {
        let header = try readByte()
        guard let type = WireType(rawValue: header & 0x0F) else { throw error("unknown list element type") }
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else {
            throw ParquetError(.truncated, "list of \(count) exceeds data", offset: position)
        }
        return (Int(count), type)
    }

    mutating func readBool(_ type: WireType) -> Bool { type == .boolTrue }

    mutating func readI32List() throws(ParquetError) -> [Int32] {
        let (count, _) = try readListHeader()
        var out: [Int32] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readI32()) }
        return out
    }

    mutating func readI64List() throws(ParquetError) -> [Int64] {
        let (count, _) = try readListHeader()
        var out: [Int64] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readI64()) }
        return out
    }

    mutating func readBoolList() throws(ParquetError) -> [Bool] {
        let (count, _) = try readListHeader()
        var out: [Bool] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readByte() == 1) }
        return out
    }

    mutating func readBinaryList() throws(ParquetError) -> [[UInt8]] {
        let (count, _) = try readListHeader()
        var out: [[UInt8]] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readBinary()) }
        return out
    }

    mutating func readStringList() throws(ParquetError) -> [String] {
        try readBinaryList().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a list of structs, calling `element` once per struct (already entered).
    mutating func readStructList(_ element: (inout CompactReader) throws(ParquetError) -> Void) throws(ParquetError) {
        let (count, type) = try readListHeader()
        guard type == .struct else { throw error("expected a list of structs") }
        for _ in 0..<count {
            try beginStruct()
            try element(&self)
        }
    }

    /// Skips a value of `type` (unknown fields).
    mutating func skip(_ type: WireType, depth: Int = 0) throws(ParquetError) {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        switch type {
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw ParquetError(.truncated, "double ends early", offset: position) }
            position += 8
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(remaining) else {
                throw ParquetError(.truncated, "binary exceeds data", offset: position)
            }
            position += Int(length)
        case .list, .set:
            let (count, elementType) = try readListHeader()
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse {
                    _ = try readByte()
                } else {
                    try skip(elementType, depth: depth + 1)
                }
            }
        case .map:
            let count = try readVarint()
            guard count <= UInt64(remaining) else {
                throw ParquetError(.truncated, "map exceeds data", offset: position)
            }
            if count == 0 { return }
            let kinds = try readByte()
            guard let keyType = WireType(rawValue: kinds >> 4), let valueType = WireType(rawValue: kinds & 0x0F) else {
                throw error("bad map types")
            }
            for _ in 0..<count {
                try skip(keyType, depth: depth + 1)
                try skip(valueType, depth: depth + 1)
            }
        case .struct:
            try beginStruct()
            while let field = try nextField() {
                try skip(field.type, depth: depth + 1)
            }
        }
    }
}
