/// parquet.thrift `KeyValue`.
struct KeyValue: Sendable, Hashable {
    var key: String
    var value: String?

    func encode(_ w: inout CompactWriter) {
        w.field(1, string: key)
        if let value { w.field(2, string: value) }
    }

    static func decode(_ r: inout CompactReader) throws(ParquetError) -> KeyValue {
        var kv = KeyValue(key: "", value: nil)
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): kv.key = try r.readString()
            case (2, .binary): kv.value = try r.readString()
            default: try r.skip(f.type)
            }
        }
        return kv
    }
}
