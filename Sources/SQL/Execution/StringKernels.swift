/// Kernels of `StringFunction` with PostgreSQL 15's semantics. Lengths and positions count code points, as
/// PostgreSQL does for UTF-8; results longer than PostgreSQL's 1 GB value limit are `54000`.
enum StringKernels {
    /// PostgreSQL's `MaxAllocSize`: no text value may be larger.
    static let maxBytes = 0x3FFF_FFFF

    static func tooLarge() -> SQLError { SQLError(SQLState("54000"), "requested length too large") }

    static func apply(_ function: StringFunction, _ values: [Datum]) throws -> Datum {
        func text(_ i: Int) -> String { if case let .text(t) = values[i] { t } else { "" } }
        func int(_ i: Int) -> Int64 { if case let .int(v) = values[i] { v } else { 0 } }
        func bytes(_ i: Int) -> [UInt8] { if case let .bytes(b) = values[i] { b } else { [] } }
        switch function {
        case .lpad, .rpad:
            return .text(try pad(text(0), int(1), fill: values.count == 3 ? text(2) : " ", left: function == .lpad))
        case .repeatText:
            let source = text(0)
            let count = max(int(1), 0)
            guard count == 0 || source.utf8.count <= maxBytes / Int(min(count, Int64(maxBytes))) else {
                throw tooLarge()
            }
            return .text(String(repeating: source, count: Int(count)))
        case .translate:
            var map: [Unicode.Scalar: Unicode.Scalar?] = [:]
            let to = Array(text(2).unicodeScalars)
            for (index, scalar) in text(1).unicodeScalars.enumerated() where map[scalar] == nil {
                map[scalar] = index < to.count ? .some(to[index]) : .some(nil)
            }
            var out = String.UnicodeScalarView()
            for scalar in text(0).unicodeScalars {
                if let replacement = map[scalar] {
                    if let replacement { out.append(replacement) }
                } else {
                    out.append(scalar)
                }
            }
            return .text(String(out))
        case .concatWS:
            guard case let .text(separator) = values[0] else { return .null }
            return .text(
                values.dropFirst().compactMap { if case let .text(t) = $0 { t } else { nil } }.joined(
                    separator: separator))
        case .reverse:
            return .text(String(String.UnicodeScalarView(text(0).unicodeScalars.reversed())))
        case .initcap:
            return .text(UnicodeCase.initcap(text(0)))
        case .overlay:
            let source = Array(text(0).unicodeScalars)
            let placing = Array(text(1).unicodeScalars)
            let start = int(2)
            let count = values.count == 4 ? int(3) : Int64(placing.count)
            guard start > 0, count >= 0 else {
                throw SQLError(SQLState("22011"), "negative substring length not allowed")
            }
            let head = source.prefix(Int(min(start - 1, Int64(source.count))))
            let (tailStart, overflow) = start.addingReportingOverflow(count)
            let tail = overflow ? [] : source.dropFirst(Int(min(tailStart - 1, Int64(source.count))))
            var out = String.UnicodeScalarView()
            out.append(contentsOf: head)
            out.append(contentsOf: placing)
            out.append(contentsOf: tail)
            return .text(String(out))
        case .chr:
            let code = int(0)
            guard code >= 0 else { throw SQLError(.invalidParameterValue, "character number must be positive") }
            guard code != 0 else { throw SQLError(SQLState("54000"), "null character not permitted") }
            guard code <= 0x10FFFF else {
                throw SQLError(SQLState("54000"), "requested character too large for encoding: \(code)")
            }
            guard let scalar = Unicode.Scalar(UInt32(code)) else {
                throw SQLError(SQLState("54000"), "requested character not valid for encoding: \(code)")
            }
            return .text(String(Character(scalar)))
        case .ascii:
            return .int(Int64(text(0).unicodeScalars.first?.value ?? 0))
        case .md5Text: return .text(MD5.hex(Array(text(0).utf8)))
        case .md5Bytes: return .text(MD5.hex(bytes(0)))
        case .encode: return .text(try ByteEncodings.encode(bytes(0), text(1)))
        case .decode: return .bytes(try ByteEncodings.decode(text(0), text(1)))
        case .format:
            guard case let .text(format) = values[0] else { return .null }
            return .text(try TextFormat.format(format, Array(values.dropFirst())))
        case .quoteIdent: return .text(TextFormat.quoteIdent(text(0)))
        case .quoteLiteral: return .text(TextFormat.quoteLiteral(text(0)))
        case .quoteNullable:
            guard case let .text(value) = values[0] else { return .text("NULL") }
            return .text(TextFormat.quoteLiteral(value))
        case .octetLength: return .int(Int64(text(0).utf8.count))
        case .bitLength: return .int(Int64(text(0).utf8.count) * 8)
        case .octetLengthBytes: return .int(Int64(bytes(0).count))
        case .bitLengthBytes: return .int(Int64(bytes(0).count) * 8)
        case let .toHex(bits):
            let value = int(0)
            let pattern = bits == 32 ? UInt64(UInt32(truncatingIfNeeded: value)) : UInt64(bitPattern: value)
            return .text(String(pattern, radix: 16))
        }
    }

    /// `lpad`/`rpad`: `source` cut or filled to `length` code points.
    static func pad(_ source: String, _ length: Int64, fill: String, left: Bool) throws -> String {
        guard length > 0 else { return "" }
        let scalars = Array(source.unicodeScalars)
        if Int64(scalars.count) >= length {
            return String(String.UnicodeScalarView(scalars.prefix(Int(length))))
        }
        let filler = Array(fill.unicodeScalars)
        guard !filler.isEmpty else { return source }
        let missing = Int(length) - scalars.count
        let maxFillBytes = filler.map { String($0).utf8.count }.max() ?? 1
        guard length <= Int64(maxBytes), source.utf8.count + missing * maxFillBytes <= maxBytes else {
            throw tooLarge()
        }
        var padding = String.UnicodeScalarView()
        for index in 0..<missing { padding.append(filler[index % filler.count]) }
        return left ? String(padding) + source : source + String(padding)
    }
}
