/// A small JSON reader over UTF-8 bytes for the `json` operators (`->`, `->>`, `json_extract_path_text`): it
/// validates a whole document as PostgreSQL's `json` input does (`22P02` "invalid input syntax for type json")
/// and finds an object member or array element, returning the source text of the value (a `json` value keeps
/// its text as written, as PostgreSQL's `json` type does).
struct JSONText {
    enum Selector {
        case key(String)
        case index(Int64)
    }

    let bytes: [UInt8]
    var offset = 0
    var depth = 0
    static let maxDepth = 1000

    init(_ text: String) { bytes = Array(text.utf8) }

    static func invalid() -> SQLError {
        SQLError(.invalidTextRepresentation, "invalid input syntax for type json")
    }

    /// Validates `text`; throws `22P02` when it is not one JSON value.
    static func validate(_ text: String) throws(SQLError) {
        var reader = JSONText(text)
        try reader.skipValue()
        reader.skipSpace()
        guard reader.offset == reader.bytes.count else { throw invalid() }
    }

    /// The value that `selector` names in the document, as its source text, or nil (no such member or element,
    /// or the value is not an object/array of the right kind).
    static func select(_ text: String, _ selector: Selector) throws(SQLError) -> Substring? {
        var reader = JSONText(text)
        reader.skipSpace()
        let start = reader.offset
        try reader.skipValue()
        reader.skipSpace()
        guard reader.offset == reader.bytes.count else { throw invalid() }
        reader.offset = start
        return try reader.member(selector).map { range in
            Substring(String(decoding: reader.bytes[range], as: UTF8.self))
        }
    }

    /// `->>`'s text of a JSON value's source text: a string unescaped, `null` as SQL NULL, others as written.
    static func text(ofValue source: Substring) throws(SQLError) -> String? {
        var reader = JSONText(String(source))
        guard let first = reader.bytes.first else { return nil }
        if first == UInt8(ascii: "\"") { return try reader.string() }
        if source == "null" { return nil }
        return String(source)
    }

    mutating func member(_ selector: Selector) throws(SQLError) -> Range<Int>? {
        guard offset < bytes.count else { return nil }
        switch (bytes[offset], selector) {
        case let (UInt8(ascii: "{"), .key(key)):
            offset += 1
            var found: Range<Int>?
            skipSpace()
            if peek() == UInt8(ascii: "}") { return nil }
            while true {
                skipSpace()
                let name = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                let start = offset
                try skipValue()
                if name == key { found = start..<offset }
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return found
            }
        case let (UInt8(ascii: "["), .index(index)):
            offset += 1
            var elements: [Range<Int>] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { return nil }
            while true {
                skipSpace()
                let start = offset
                try skipValue()
                elements.append(start..<offset)
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                break
            }
            let position = index < 0 ? Int64(elements.count) + index : index
            guard position >= 0, position < Int64(elements.count) else { return nil }
            return elements[Int(position)]
        default:
            return nil
        }
    }

    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    mutating func skipSpace() {
        while offset < bytes.count,
            bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0A || bytes[offset] == 0x0D
        {
            offset += 1
        }
    }

    mutating func expect(_ byte: UInt8) throws(SQLError) {
        guard peek() == byte else { throw JSONText.invalid() }
        offset += 1
    }

    mutating func skipValue() throws(SQLError) {
        skipSpace()
        guard let first = peek() else { throw JSONText.invalid() }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            guard depth <= JSONText.maxDepth else {
                throw SQLError(SQLState("54001"), "stack depth limit exceeded")
            }
            defer { depth -= 1 }
            let close = first == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            offset += 1
            skipSpace()
            if peek() == close {
                offset += 1
                return
            }
            while true {
                skipSpace()
                if first == UInt8(ascii: "{") {
                    _ = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                }
                try skipValue()
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(close)
                return
            }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: try number()
        }
    }

    mutating func literal(_ word: String) throws(SQLError) {
        for byte in word.utf8 { try expect(byte) }
    }

    mutating func number() throws(SQLError) {
        func digits() -> Int {
            let start = offset
            while let byte = peek(), byte >= 0x30, byte <= 0x39 { offset += 1 }
            return offset - start
        }
        if peek() == UInt8(ascii: "-") { offset += 1 }
        guard let first = peek(), first >= 0x30, first <= 0x39 else { throw JSONText.invalid() }
        if first == 0x30 {
            offset += 1
        } else {
            _ = digits()
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw JSONText.invalid() }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            offset += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw JSONText.invalid() }
        }
    }

    /// A JSON string at the reader, unescaped.
    mutating func string() throws(SQLError) -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw JSONText.invalid() }
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { throw JSONText.invalid() }
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code) {
                        guard peek() == UInt8(ascii: "\\") else { throw JSONText.invalid() }
                        offset += 1
                        try expect(UInt8(ascii: "u"))
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw JSONText.invalid() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard code != 0 else {
                        throw SQLError(SQLState("22P05"), "unsupported Unicode escape sequence")
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw JSONText.invalid() }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw JSONText.invalid()
                }
            default:
                guard byte >= 0x20 else { throw JSONText.invalid() }
                out.append(byte)
            }
        }
    }

    mutating func hex4() throws(SQLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw JSONText.invalid() }
            offset += 1
            let nibble: UInt32
            switch byte {
            case 0x30...0x39: nibble = UInt32(byte - 0x30)
            case 0x41...0x46: nibble = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: nibble = UInt32(byte - 0x61 + 10)
            default: throw JSONText.invalid()
            }
            value = value << 4 | nibble
        }
        return value
    }
}
