/// Strict UTF-8 validation of one multi-byte sequence (no overlongs, no surrogates, at most U+10FFFF).
enum UTF8Check {
    /// Checks the sequence starting at `pos` (a byte >= 0x80); returns the position after it.
    @inline(__always)
    static func sequence(in input: UnsafeBufferPointer<UInt8>, at pos: Int) throws(JSONSyntaxError) -> Int {
        let lead = input[pos]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw invalid(pos)
        }
        guard pos + length <= input.count else { throw invalid(pos) }
        let second = input[pos + 1]
        guard second >= lower, second <= upper else { throw invalid(pos) }
        var i = pos + 2
        while i < pos + length {
            guard input[i] & 0xC0 == 0x80 else { throw invalid(pos) }
            i += 1
        }
        return pos + length
    }

    static func invalid(_ pos: Int) -> JSONSyntaxError {
        JSONSyntaxError(column: pos + 1, message: "invalid UTF-8 in string")
    }

    /// The 1-based column of the first invalid UTF-8 byte anywhere in `input`, if any.
    static func firstInvalidColumn(_ input: UnsafeBufferPointer<UInt8>) -> Int? {
        var pos = 0
        while pos < input.count {
            if input[pos] < 0x80 {
                pos += 1
                continue
            }
            do throws(JSONSyntaxError) { pos = try sequence(in: input, at: pos) } catch { return error.column }
        }
        return nil
    }
}
