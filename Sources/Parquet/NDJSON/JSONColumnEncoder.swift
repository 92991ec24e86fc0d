import Columnar

/// Writes values of one column as JSON, value by value. Made once per batch from a `Column`, so the
/// storage is unpacked once and each value costs one dynamic call.
class JSONColumnEncoder {
    let validity: Bitmap?

    init(validity: Bitmap?) {
        self.validity = validity
    }

    @inline(__always)
    final func isNull(_ index: Int) -> Bool {
        guard let validity else { return false }
        return !validity[index]
    }

    /// Appends value `index` (or `null`) to `out`.
    final func write(_ index: Int, to out: inout [UInt8]) {
        if isNull(index) {
            out.append(contentsOf: "null".utf8)
        } else {
            writeValue(index, to: &out)
        }
    }

    /// Appends present value `index`.
    func writeValue(_ index: Int, to out: inout [UInt8]) {}

    /// The encoder for `column`; `omitNulls` drops null struct fields instead of writing `null`.
    static func make(_ column: Column, omitNulls: Bool) -> JSONColumnEncoder {
        let validity = column.validity
        switch (column.storage, column.type) {
        case let (.boolean(bits), _): return BooleanEncoder(validity, bits)
        case let (.int32(values), .date): return DateEncoder(validity, values)
        case let (.int32(values), _): return Int32Encoder(validity, values)
        case let (.int64(values), .timestamp): return TimestampEncoder(validity, values)
        case let (.int64(values), _): return Int64Encoder(validity, values)
        case let (.float32(values), _): return Float32Encoder(validity, values)
        case let (.float64(values), _): return Float64Encoder(validity, values)
        case let (.decimal(values), .decimal(_, scale)): return DecimalEncoder(validity, values, scale: scale)
        case let (.decimal(values), _): return DecimalEncoder(validity, values, scale: 0)
        case let (.bytes(offsets, data), .binary): return BytesEncoder(validity, offsets, data, base64: true)
        case let (.bytes(offsets, data), _): return BytesEncoder(validity, offsets, data, base64: false)
        case let (.struct(children), .struct(fields)):
            return StructEncoder(validity, names: fields.map(\.name), children: children, omitNulls: omitNulls)
        case let (.struct(children), _):
            return StructEncoder(
                validity, names: children.indices.map { "f\($0)" }, children: children, omitNulls: omitNulls)
        case let (.list(offsets, values), _):
            return ListEncoder(validity, offsets, make(values, omitNulls: omitNulls))
        case let (.map(offsets, keys, values), _):
            return MapEncoder(validity, offsets, make(keys, omitNulls: omitNulls), make(values, omitNulls: omitNulls))
        }
    }
}

private final class BooleanEncoder: JSONColumnEncoder {
    let bits: Bitmap
    init(_ validity: Bitmap?, _ bits: Bitmap) {
        self.bits = bits
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        out.append(contentsOf: bits[index] ? "true".utf8 : "false".utf8)
    }
}

private final class Int32Encoder: JSONColumnEncoder {
    let values: [Int32]
    init(_ validity: Bitmap?, _ values: [Int32]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        JSONText.append(int: Int64(values[index]), to: &out)
    }
}

private final class DateEncoder: JSONColumnEncoder {
    let values: [Int32]
    init(_ validity: Bitmap?, _ values: [Int32]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) { JSONText.append(date: values[index], to: &out) }
}

private final class Int64Encoder: JSONColumnEncoder {
    let values: [Int64]
    init(_ validity: Bitmap?, _ values: [Int64]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) { JSONText.append(int: values[index], to: &out) }
}

private final class TimestampEncoder: JSONColumnEncoder {
    let values: [Int64]
    init(_ validity: Bitmap?, _ values: [Int64]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        JSONText.append(timestamp: values[index], to: &out)
    }
}

private final class Float32Encoder: JSONColumnEncoder {
    let values: [Float]
    init(_ validity: Bitmap?, _ values: [Float]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) { JSONText.append(float: values[index], to: &out) }
}

private final class Float64Encoder: JSONColumnEncoder {
    let values: [Double]
    init(_ validity: Bitmap?, _ values: [Double]) {
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) { JSONText.append(double: values[index], to: &out) }
}

private final class DecimalEncoder: JSONColumnEncoder {
    let values: [Int128]
    let scale: Int
    init(_ validity: Bitmap?, _ values: [Int128], scale: Int) {
        self.values = values
        self.scale = scale
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        JSONText.append(decimal: values[index], scale: scale, to: &out)
    }
}

private final class BytesEncoder: JSONColumnEncoder {
    let offsets: [Int32]
    let data: [UInt8]
    let base64: Bool
    init(_ validity: Bitmap?, _ offsets: [Int32], _ data: [UInt8], base64: Bool) {
        self.offsets = offsets
        self.data = data
        self.base64 = base64
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        let range = Int(offsets[index])..<Int(offsets[index + 1])
        data.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[range])
            if base64 { JSONText.append(base64: bytes, to: &out) } else { JSONText.append(string: bytes, to: &out) }
        }
    }
}

/// Also used for whole rows: the batch's columns are the struct's children.
final class StructEncoder: JSONColumnEncoder {
    /// `"name":` per field, escaped once.
    let keys: [[UInt8]]
    let children: [JSONColumnEncoder]
    let omitNulls: Bool

    init(_ validity: Bitmap?, names: [String], children: [Column], omitNulls: Bool) {
        keys = names.map { name in
            var key: [UInt8] = []
            var name = name
            name.withUTF8 { JSONText.append(string: $0, to: &key) }
            key.append(UInt8(ascii: ":"))
            return key
        }
        self.children = children.map { JSONColumnEncoder.make($0, omitNulls: omitNulls) }
        self.omitNulls = omitNulls
        super.init(validity: validity)
    }

    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for i in 0..<children.count {
            let child = children[i]
            let null = child.isNull(index)
            if null, omitNulls { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: keys[i])
            if null { out.append(contentsOf: "null".utf8) } else { child.writeValue(index, to: &out) }
        }
        out.append(UInt8(ascii: "}"))
    }
}

private final class ListEncoder: JSONColumnEncoder {
    let offsets: [Int32]
    let element: JSONColumnEncoder
    init(_ validity: Bitmap?, _ offsets: [Int32], _ element: JSONColumnEncoder) {
        self.offsets = offsets
        self.element = element
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        let start = Int(offsets[index])
        for i in start..<Int(offsets[index + 1]) {
            if i > start { out.append(UInt8(ascii: ",")) }
            element.write(i, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

/// Map entries as object members; a null value stays `null` (the key exists).
private final class MapEncoder: JSONColumnEncoder {
    let offsets: [Int32]
    let keys: JSONColumnEncoder
    let values: JSONColumnEncoder
    init(_ validity: Bitmap?, _ offsets: [Int32], _ keys: JSONColumnEncoder, _ values: JSONColumnEncoder) {
        self.offsets = offsets
        self.keys = keys
        self.values = values
        super.init(validity: validity)
    }
    override func writeValue(_ index: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        let start = Int(offsets[index])
        for i in start..<Int(offsets[index + 1]) {
            if i > start { out.append(UInt8(ascii: ",")) }
            keys.write(i, to: &out)
            out.append(UInt8(ascii: ":"))
            values.write(i, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
