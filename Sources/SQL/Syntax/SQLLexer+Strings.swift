/// String constants and quoted identifiers (PostgreSQL 15 docs, sections 4.1.1 and 4.1.2).
extension SQLLexer {
    /// The raw bytes between quotes of one quoted segment starting at `index` (on the opening quote), with
    /// doubled quotes kept doubled when `keepDoubled`; leaves `index` after the closing quote.
    /// `backslashEscapes`: a backslash protects the next byte (E strings).
    private mutating func quotedSegment(quote: UInt8, backslashEscapes: Bool) -> [UInt8]? {
        index += 1
        var raw: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            if backslashEscapes, c == UInt8(ascii: "\\"), index + 1 < bytes.count {
                raw.append(c)
                raw.append(bytes[index + 1])
                index += 2
            } else if c == quote {
                if byte(at: index + 1) == quote {
                    raw.append(c)
                    raw.append(c)
                    index += 2
                } else {
                    index += 1
                    return raw
                }
            } else {
                raw.append(c)
                index += 1
            }
        }
        return nil
    }

    /// After a closing quote: whitespace holding at least one newline (comments allowed), then another quote,
    /// continues the constant. Returns true with `index` on that quote, else leaves `index` unchanged.
    private mutating func continuesOnNextLine() -> Bool {
        var probe = index
        var sawNewline = false
        while probe < bytes.count {
            let c = bytes[probe]
            if c == 0x0A || c == 0x0D {
                sawNewline = true
                probe += 1
            } else if Self.isSpace(c) {
                probe += 1
            } else if c == UInt8(ascii: "-"), byte(at: probe + 1) == UInt8(ascii: "-") {
                while probe < bytes.count, bytes[probe] != 0x0A, bytes[probe] != 0x0D { probe += 1 }
            } else {
                break
            }
        }
        if sawNewline, byte(at: probe) == UInt8(ascii: "'") {
            index = probe
            return true
        }
        return false
    }

    /// All segments of a quoted constant (continued across newlines), each segment's raw bytes.
    private mutating func segments(from start: Int, backslashEscapes: Bool) throws(SQLError) -> [UInt8] {
        var raw: [UInt8] = []
        repeat {
            guard let segment = quotedSegment(quote: UInt8(ascii: "'"), backslashEscapes: backslashEscapes) else {
                throw error("unterminated quoted string", at: start)
            }
            raw += segment
        } while continuesOnNextLine()
        return raw
    }

    /// `'...'` with `''` for a quote; backslashes are ordinary (standard_conforming_strings on).
    mutating func standardString(from start: Int) throws(SQLError) -> SQLToken {
        let raw = try segments(from: start, backslashEscapes: false)
        return make(.string(String(decoding: Self.undouble(raw, UInt8(ascii: "'")), as: UTF8.self)), from: start)
    }

    static func undouble(_ raw: [UInt8], _ quote: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            i += raw[i] == quote && i + 1 < raw.count && raw[i + 1] == quote ? 2 : 1
        }
        return out
    }

    /// `E'...'`: C-style backslash escapes (`\n`, `\t`, octal `\123`, hex `\x41`, `\u00e9`, `\U0001F600`).
    mutating func escapeString(from start: Int) throws(SQLError) -> SQLToken {
        let raw = try segments(from: start, backslashEscapes: true)
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var pendingHighSurrogate: UInt32?
        var i = 0
        while i < raw.count {
            let c = raw[i]
            if c == UInt8(ascii: "'"), i + 1 < raw.count, raw[i + 1] == c {
                out.append(c)
                i += 2
                continue
            }
            guard c == UInt8(ascii: "\\"), i + 1 < raw.count else {
                if pendingHighSurrogate != nil { throw error("invalid Unicode surrogate pair", at: start) }
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            if e == UInt8(ascii: "u") || e == UInt8(ascii: "U") {
                let digits = e == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for k in 0..<digits {
                    guard i + k < raw.count, let h = Self.hex(raw[i + k]) else {
                        throw SQLError(
                            .syntaxError, "invalid Unicode escape", position: position(ofByte: start).offset,
                            hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.")
                    }
                    value = value &* 16 &+ h
                }
                i += digits
                try appendCodePoint(value, to: &out, pending: &pendingHighSurrogate, start: start)
                continue
            }
            if pendingHighSurrogate != nil { throw error("invalid Unicode surrogate pair", at: start) }
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(e - UInt8(ascii: "0"))
                var k = 0
                while k < 2, i < raw.count, raw[i] >= UInt8(ascii: "0"), raw[i] <= UInt8(ascii: "7") {
                    value = value * 8 + UInt32(raw[i] - UInt8(ascii: "0"))
                    i += 1
                    k += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                if i < raw.count, let h = Self.hex(raw[i]) {
                    var value = h
                    i += 1
                    if i < raw.count, let h2 = Self.hex(raw[i]) {
                        value = value * 16 + h2
                        i += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: value))
                } else {
                    out.append(e)
                }
            default:
                out.append(e)
            }
        }
        if pendingHighSurrogate != nil { throw error("invalid Unicode surrogate pair", at: start) }
        return make(.string(try validUTF8(out, start: start)), from: start)
    }

    /// PostgreSQL refuses escapes that make invalid UTF-8 or a zero byte.
    private mutating func validUTF8(_ bytes: [UInt8], start: Int) throws(SQLError) -> String {
        if bytes.contains(0) {
            throw SQLError(
                .characterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x00",
                position: position(ofByte: start).offset)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let hex = bytes.first(where: { $0 >= 0x80 }).map { String($0, radix: 16) } ?? "00"
            throw SQLError(
                .characterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": 0x\(hex)",
                position: position(ofByte: start).offset)
        }
        return text
    }

    private mutating func appendCodePoint(
        _ value: UInt32, to out: inout [UInt8], pending: inout UInt32?, start: Int
    ) throws(SQLError) {
        var scalarValue = value
        if let high = pending {
            guard value >= 0xDC00, value <= 0xDFFF else { throw error("invalid Unicode surrogate pair", at: start) }
            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)
            pending = nil
        } else if value >= 0xD800, value <= 0xDBFF {
            pending = value
            return
        } else if value >= 0xDC00, value <= 0xDFFF {
            throw error("invalid Unicode surrogate pair", at: start)
        }
        guard scalarValue != 0, let scalar = Unicode.Scalar(scalarValue) else {
            throw error("invalid Unicode escape value", at: start)
        }
        out += Array(String(Character(scalar)).utf8)
    }

    /// `B'0101'` and `X'1F'`.
    mutating func bitString(from start: Int, hex: Bool) throws(SQLError) -> SQLToken {
        let raw = try segments(from: start, backslashEscapes: false)
        let digits = String(decoding: raw, as: UTF8.self)
        for c in raw {
            let ok =
                hex
                ? (SQLLexer.isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f")))
                : (c == UInt8(ascii: "0") || c == UInt8(ascii: "1"))
            if !ok {
                let what = hex ? "hexadecimal" : "binary"
                throw SQLError(
                    .invalidTextRepresentation,
                    "\"\(String(decoding: [c], as: UTF8.self))\" is not a valid \(what) digit",
                    position: position(ofByte: start).offset)
            }
        }
        return make(.bitString(digits, hex: hex), from: start)
    }

    /// `"..."` with `""` for a quote; never empty.
    mutating func quotedIdentifier(from start: Int) throws(SQLError) -> SQLToken {
        guard let raw = quotedSegment(quote: UInt8(ascii: "\""), backslashEscapes: false) else {
            throw error("unterminated quoted identifier", at: start)
        }
        if raw.isEmpty { throw error("zero-length delimited identifier", at: start, to: index) }
        let name = String(decoding: Self.undouble(raw, UInt8(ascii: "\"")), as: UTF8.self)
        return make(.identifier(.quoted(name)), from: start)
    }

    /// `U&'...'` with `\XXXX`, `\+XXXXXX` and an optional `UESCAPE 'c'`.
    mutating func unicodeString(from start: Int) throws(SQLError) -> SQLToken {
        let raw = Self.undouble(try segments(from: start, backslashEscapes: false), UInt8(ascii: "'"))
        let escape = try uescape()
        return make(.string(try decodeUnicodeEscapes(raw, escape: escape, start: start)), from: start)
    }

    /// `U&"..."` with `\XXXX`, `\+XXXXXX` and an optional `UESCAPE 'c'`.
    mutating func unicodeIdentifier(from start: Int) throws(SQLError) -> SQLToken {
        guard let segment = quotedSegment(quote: UInt8(ascii: "\""), backslashEscapes: false) else {
            throw error("unterminated quoted identifier", at: start)
        }
        if segment.isEmpty { throw error("zero-length delimited identifier", at: start, to: index) }
        let escape = try uescape()
        let name = try decodeUnicodeEscapes(Self.undouble(segment, UInt8(ascii: "\"")), escape: escape, start: start)
        return make(.identifier(.quoted(name)), from: start)
    }

    /// An optional `UESCAPE 'c'` after a Unicode constant; the escape character (default backslash).
    private mutating func uescape() throws(SQLError) -> UInt8 {
        let saved = index
        var probe = index
        while probe < bytes.count, Self.isSpace(bytes[probe]) { probe += 1 }
        let word = Array("uescape".utf8)
        guard probe + word.count <= bytes.count,
            zip(bytes[probe..<(probe + word.count)], word).allSatisfy({ $0 | 0x20 == $1 }),
            !(probe + word.count < bytes.count && Self.isIdentContinue(bytes[probe + word.count]))
        else { return UInt8(ascii: "\\") }
        let keywordStart = probe
        probe += word.count
        while probe < bytes.count, Self.isSpace(bytes[probe]) { probe += 1 }
        guard probe + 2 < bytes.count, bytes[probe] == UInt8(ascii: "'"), bytes[probe + 2] == UInt8(ascii: "'") else {
            index = saved
            throw error("UESCAPE must be followed by a simple string literal", at: keywordStart, to: probe + 1)
        }
        let c = bytes[probe + 1]
        let hexDigit = Self.isDigit(c) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f"))
        if hexDigit || c == UInt8(ascii: "+") || c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || Self.isSpace(c)
            || c >= 0x80
        {
            throw error("invalid Unicode escape character", at: probe, to: probe + 3)
        }
        index = probe + 3
        return c
    }

    private mutating func decodeUnicodeEscapes(_ raw: [UInt8], escape: UInt8, start: Int) throws(SQLError)
        -> String
    {
        var out: [UInt8] = []
        var pending: UInt32?
        var i = 0
        while i < raw.count {
            let c = raw[i]
            guard c == escape else {
                if pending != nil { throw error("invalid Unicode surrogate pair", at: start) }
                out.append(c)
                i += 1
                continue
            }
            if i + 1 < raw.count, raw[i + 1] == escape {
                out.append(escape)
                i += 2
                continue
            }
            var digits = 4
            var k = i + 1
            if k < raw.count, raw[k] == UInt8(ascii: "+") {
                digits = 6
                k += 1
            }
            var value: UInt32 = 0
            for d in 0..<digits {
                guard k + d < raw.count, let h = Self.hex(raw[k + d]) else {
                    throw SQLError(
                        .syntaxError, "invalid Unicode escape", position: position(ofByte: start).offset,
                        hint: "Unicode escapes must be \\XXXX or \\+XXXXXX.")
                }
                value = value * 16 + h
            }
            i = k + digits
            try appendCodePoint(value, to: &out, pending: &pending, start: start)
        }
        if pending != nil { throw error("invalid Unicode surrogate pair", at: start) }
        return try validUTF8(out, start: start)
    }

    static func hex(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
