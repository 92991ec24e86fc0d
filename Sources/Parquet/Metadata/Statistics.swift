/// parquet.thrift `Statistics` of a column chunk or page. Values are PLAIN-encoded (no length prefix).
struct Statistics: Sendable, Hashable {
    var max: [UInt8]?
    var min: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?

    init() {}

    /// The min value, preferring the new-style field.
    var effectiveMin: [UInt8]? { minValue ?? min }
    var effectiveMax: [UInt8]? { maxValue ?? max }

    func encode(_ w: inout CompactWriter) {
        if let max { w.field(1, binary: max) }
        if let min { w.field(2, binary: min) }
        if let nullCount { w.field(3, i64: nullCount) }
        if let distinctCount { w.field(4, i64: distinctCount) }
        if let maxValue { w.field(5, binary: maxValue) }
        if let minValue { w.field(6, binary: minValue) }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> Statistics {
        var s = Statistics()
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): s.max = try r.readBinary()
            case (2, .binary): s.min = try r.readBinary()
            case (3, .i64): s.nullCount = try r.readI64()
            case (4, .i64): s.distinctCount = try r.readI64()
            case (5, .binary): s.maxValue = try r.readBinary()
            case (6, .binary): s.minValue = try r.readBinary()
            default: try r.skip(f.type)
            }
        }
        return s
    }
}
