/// Thrift compact protocol encoder (pure; appends to a byte array).
struct CompactWriter {
    enum WireType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, `struct` = 12
    }

    var bytes: [UInt8] = []
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0

    init() {}

    mutating func beginStruct() {
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        bytes.append(0)
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    mutating func fieldHeader(_ id: Int16, _ type: WireType) {
        let delta = id - lastFieldID
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    func zigzag(_ v: Int64) -> UInt64 {
        UInt64(bitPattern: (v << 1) ^ (v >> 63))
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    mutating func field(_ id: Int16, i16 value: Int16) {
        fieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, byte value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, binary value: [UInt8]) {
        fieldHeader(id, .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: Array(value.utf8))
    }

    /// Writes a struct-typed field; `body` writes the inner fields.
    mutating func field(_ id: Int16, struct body: (inout CompactWriter) -> Void) {
        fieldHeader(id, .struct)
        beginStruct()
        body(&self)
        endStruct()
    }

    mutating func listHeader(count: Int, _ type: WireType) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            writeVarint(UInt64(count))
        }
    }

    mutating func field(_ id: Int16, i32List values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(count: values.count, .i32)
        for v in values { writeVarint(zigzag(Int64(v))) }
    }

    mutating func field(_ id: Int16, i64List values: [Int64]) {
        fieldHeader(id, .list)
        listHeader(count: values.count, .i64)
        for v in values { writeVarint(zigzag(v)) }
    }

    mutating func field(_ id: Int16, boolList values: [Bool]) {
        fieldHeader(id, .list)
        listHeader(count: values.count, .boolTrue)
        for v in values { bytes.append(v ? 1 : 2) }
    }

    mutating func field(_ id: Int16, binaryList values: [[UInt8]]) {
        fieldHeader(id, .list)
        listHeader(count: values.count, .binary)
        for v in values {
            writeVarint(UInt64(v.count))
            bytes.append(contentsOf: v)
        }
    }

    mutating func field(_ id: Int16, stringList values: [String]) {
        field(id, binaryList: values.map { Array($0.utf8) })
    }

    /// Writes a list of structs; `body` writes element `i`'s fields.
    mutating func field(_ id: Int16, structList count: Int, _ body: (inout CompactWriter, Int) -> Void) {
        fieldHeader(id, .list)
        listHeader(count: count, .struct)
        for i in 0..<count {
            beginStruct()
            body(&self, i)
            endStruct()
        }
    }
}
