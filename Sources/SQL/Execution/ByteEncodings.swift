/// `encode(bytea, format)` / `decode(text, format)` for PostgreSQL's `hex`, `base64` and `escape` formats, with
/// PostgreSQL's error codes and messages (`22023` for bad hex/base64 data, `22P02` for bad escape input).
enum ByteEncodings {
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func format(_ name: String) throws(SQLError) -> String {
        let lowered = name.lowercased()
        guard ["hex", "base64", "escape"].contains(lowered) else {
            throw SQLError(.invalidParameterValue, "unrecognized encoding: \"\(name)\"")
        }
        return lowered
    }

    static func encode(_ bytes: [UInt8], _ name: String) throws(SQLError) -> String {
        switch try format(name) {
        case "hex": return hex(bytes)
        case "base64": return base64(bytes)
        default: return escape(bytes)
        }
    }

    static func decode(_ text: String, _ name: String) throws(SQLError) -> [UInt8] {
        switch try format(name) {
        case "hex": return try unhex(text)
        case "base64": return try unbase64(text)
        default: return try unescape(text)
        }
    }

    static func invalid(_ message: String) -> SQLError { SQLError(.invalidParameterValue, message) }

    static func unhex(_ text: String) throws(SQLError) -> [UInt8] {
        var out: [UInt8] = []
        var pending: UInt8?
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            let nibble: UInt8
            switch scalar.value {
            case 0x30...0x39: nibble = UInt8(scalar.value - 0x30)
            case 0x41...0x46: nibble = UInt8(scalar.value - 0x41 + 10)
            case 0x61...0x66: nibble = UInt8(scalar.value - 0x61 + 10)
            default: throw invalid("invalid hexadecimal digit: \"\(scalar)\"")
            }
            if let high = pending {
                out.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        guard pending == nil else { throw invalid("invalid hexadecimal data: odd number of digits") }
        return out
    }

    static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// PostgreSQL's base64: a newline after every 76 output characters.
    static func base64(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            if lineLength >= 76 {
                out.append(0x0A)
                lineLength = 0
            }
            out.append(base64Alphabet[Int(b0 >> 2)])
            out.append(base64Alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? base64Alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : 0x3D)
            out.append(index + 2 < bytes.count ? base64Alphabet[Int(b2 & 63)] : 0x3D)
            lineLength += 4
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unbase64(_ text: String) throws(SQLError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            let value: UInt32
            switch scalar.value {
            case 0x41...0x5A: value = scalar.value - 0x41
            case 0x61...0x7A: value = scalar.value - 0x61 + 26
            case 0x30...0x39: value = scalar.value - 0x30 + 52
            case 0x2B: value = 62
            case 0x2F: value = 63
            case 0x3D:
                padding += 1
                count += 1
                continue
            default: throw invalid("invalid symbol \"\(scalar)\" found while decoding base64 sequence")
            }
            guard padding == 0 else { throw invalid("invalid base64 end sequence") }
            count += 1
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard count % 4 == 0, padding <= 2 else {
            throw invalid("invalid base64 end sequence")
        }
        return out
    }

    /// Bytes 0 and >= 0x80 as `\ooo`, backslash doubled.
    static func escape(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            if byte == 0x5C {
                out.append(contentsOf: [0x5C, 0x5C])
            } else if byte == 0 || byte >= 0x80 {
                out.append(0x5C)
                out.append(0x30 + (byte >> 6))
                out.append(0x30 + ((byte >> 3) & 7))
                out.append(0x30 + (byte & 7))
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: String) throws(SQLError) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x5C else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == 0x5C {
                out.append(0x5C)
                index += 2
                continue
            }
            guard index + 3 < bytes.count,
                (0x30...0x33).contains(bytes[index + 1]), (0x30...0x37).contains(bytes[index + 2]),
                (0x30...0x37).contains(bytes[index + 3])
            else { throw SQLError(.invalidTextRepresentation, "invalid input syntax for type bytea") }
            out.append((bytes[index + 1] - 0x30) << 6 | (bytes[index + 2] - 0x30) << 3 | (bytes[index + 3] - 0x30))
            index += 4
        }
        return out
    }
}
