extension JSONLineParser {
    /// Parses a string starting at its opening quote; returns the position after the closing quote.
    mutating func string(at quote: Int) throws(JSONSyntaxError) -> Int {
        let start = quote + 1
        var pos = start
        while pos < input.count {
            let byte = input[pos]
            if byte == UInt8(ascii: "\"") {
                push(.string, start: start, end: pos)
                return pos + 1
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start, firstEscape: pos) }
            if byte < 0x20 {
                throw JSONSyntaxError(
                    column: pos + 1, message: "control character \(Self.describe(byte)) in string (escape it)")
            }
            pos = byte < 0x80 ? pos + 1 : try UTF8Check.sequence(in: input, at: pos)
        }
        throw JSONSyntaxError(column: quote + 1, message: "unterminated string")
    }

    /// Slow path: decodes a string with escapes into `scratch`.
    mutating func escapedString(from start: Int, firstEscape: Int) throws(JSONSyntaxError) -> Int {
        let scratchStart = scratchCount
        appendScratch(UnsafeBufferPointer(rebasing: input[start..<firstEscape]))
        var pos = firstEscape
        while pos < input.count {
            let byte = input[pos]
            if byte == UInt8(ascii: "\"") {
                push(.string, flags: JSONToken.scratchFlag, start: scratchStart, end: scratchCount)
                return pos + 1
            }
            if byte == UInt8(ascii: "\\") {
                pos = try escape(at: pos)
                continue
            }
            if byte < 0x20 {
                throw JSONSyntaxError(
                    column: pos + 1, message: "control character \(Self.describe(byte)) in string (escape it)")
            }
            let end = byte < 0x80 ? pos + 1 : try UTF8Check.sequence(in: input, at: pos)
            appendScratch(UnsafeBufferPointer(rebasing: input[pos..<end]))
            pos = end
        }
        throw JSONSyntaxError(column: start, message: "unterminated string")
    }

    /// Decodes one escape at `pos` (the backslash) into `scratch`; returns the position after it.
    mutating func escape(at pos: Int) throws(JSONSyntaxError) -> Int {
        guard pos + 1 < input.count else { throw fail(pos + 1, "an escape character") }
        switch input[pos + 1] {
        case UInt8(ascii: "\""): appendScratch(0x22)
        case UInt8(ascii: "\\"): appendScratch(0x5c)
        case UInt8(ascii: "/"): appendScratch(0x2f)
        case UInt8(ascii: "b"): appendScratch(0x08)
        case UInt8(ascii: "f"): appendScratch(0x0c)
        case UInt8(ascii: "n"): appendScratch(0x0a)
        case UInt8(ascii: "r"): appendScratch(0x0d)
        case UInt8(ascii: "t"): appendScratch(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(at: pos + 2)
            var next = pos + 6
            if scalar >= 0xD800, scalar < 0xDC00 {
                guard next + 1 < input.count, input[next] == UInt8(ascii: "\\"), input[next + 1] == UInt8(ascii: "u")
                else {
                    throw JSONSyntaxError(
                        column: pos + 1,
                        message: "high surrogate \\u\(String(scalar, radix: 16)) without a low surrogate")
                }
                let low = try hex4(at: next + 2)
                guard low >= 0xDC00, low < 0xE000 else {
                    throw JSONSyntaxError(
                        column: next + 1, message: "expected a low surrogate after \\u\(String(scalar, radix: 16))")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else if scalar >= 0xDC00, scalar < 0xE000 {
                throw JSONSyntaxError(column: pos + 1, message: "lone low surrogate \\u\(String(scalar, radix: 16))")
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw JSONSyntaxError(column: pos + 1, message: "invalid code point")
            }
            for unit in UTF8.encode(unicode) ?? UTF8.EncodedScalar() { appendScratch(unit) }
            return next
        default:
            throw fail(pos + 1, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
        return pos + 2
    }

    func hex4(at pos: Int) throws(JSONSyntaxError) -> UInt32 {
        guard pos + 4 <= input.count else { throw fail(input.count, "4 hex digits after \\u") }
        var value: UInt32 = 0
        for i in pos..<(pos + 4) {
            let byte = input[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(i, "a hex digit")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
