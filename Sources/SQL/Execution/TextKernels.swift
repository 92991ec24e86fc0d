/// String, math and date/time function kernels (arguments already non-null).
enum TextKernels {
    static func apply(_ function: ScalarFunction, _ values: [Datum], _ type: SQLType) throws -> Datum {
        func text(_ i: Int) -> String { if case let .text(t) = values[i] { t } else { "" } }
        func int(_ i: Int) -> Int64 { if case let .int(v) = values[i] { v } else { 0 } }
        func float(_ i: Int) -> Double { if case let .float(v) = values[i] { v } else { 0 } }
        switch function {
        case .length: return .int(Int64(text(0).unicodeScalars.count))
        case .lower: return .text(UnicodeCase.lower(text(0)))
        case .upper: return .text(UnicodeCase.upper(text(0)))
        case .substring:
            let characters = Array(text(0).unicodeScalars)
            let start = int(1)
            var end = Int64(characters.count) + 1
            if values.count == 3 {
                guard int(2) >= 0 else {
                    throw SQLError(SQLState("22011"), "negative substring length not allowed")
                }
                end = min(end, start.addingReportingOverflow(int(2)).overflow ? Int64.max : start + int(2))
            }
            let lower = max(start, 1)
            guard lower < end else { return .text("") }
            return .text(TextBytes.string(characters[Int(lower - 1)..<Int(end - 1)]))
        case .position:
            let haystack = Array(text(0).unicodeScalars)
            let needle = Array(text(1).unicodeScalars)
            if needle.isEmpty { return .int(1) }
            if needle.count <= haystack.count {
                for start in 0...(haystack.count - needle.count)
                where Array(haystack[start..<start + needle.count]) == needle {
                    return .int(Int64(start + 1))
                }
            }
            return .int(0)
        case let .trim(side):
            let set = Set((values.count == 2 ? text(1) : " ").unicodeScalars)
            var characters = Substring(text(0)).unicodeScalars
            if side != .trailing { characters = characters.drop(while: { set.contains($0) }) }
            if side != .leading {
                while let last = characters.last, set.contains(last) { characters = characters.dropLast() }
            }
            return .text(TextBytes.string(characters))
        case .replace:
            let (source, from, to) = (text(0), text(1), text(2))
            guard !from.isEmpty else { return .text(source) }
            return .text(TextBytes.split(source, by: from).joined(separator: to))
        case .left, .right:
            let characters = Array(text(0).unicodeScalars)
            let n = int(1)
            let count =
                n >= 0
                ? min(Int(n), characters.count) : max(characters.count + Int(max(n, -Int64(characters.count))), 0)
            return .text(TextBytes.string(function == .left ? characters.prefix(count) : characters.suffix(count)))
        case .splitPart:
            let field = int(2)
            guard field != 0 else { throw SQLError(.invalidParameterValue, "field position must not be zero") }
            let delimiter = text(1)
            let parts = delimiter.isEmpty ? [text(0)] : TextBytes.split(text(0), by: delimiter)
            let index = field > 0 ? Int(field) - 1 : parts.count + Int(field)
            guard index >= 0, index < parts.count else { return .text("") }
            return .text(parts[index])
        case .startsWith: return .boolean(text(0).utf8.starts(with: text(1).utf8))
        case .abs:
            switch values[0] {
            case let .int(v):
                guard v != Int64.min else { throw Cast.outOfRange(type) }
                return try Cast.checkedInteger(Swift.abs(v), type)
            case let .float(v): return .float(Swift.abs(v))
            case let .numeric(v):
                return .numeric(
                    SQLNumeric(unscaled: v.unscaled.magnitude > 0 ? Int128(v.unscaled.magnitude) : 0, scale: v.scale))
            default: return .null
            }
        case .round, .trunc:
            if case let .numeric(v) = values[0] {
                let digits = values.count == 2 ? Int(clamping: int(1)) : 0
                if function == .round { return .numeric(try v.rounded(digits)) }
                guard digits >= 0 else { throw Binder.unsupported("trunc with negative digits", .none) }
                return .numeric(
                    digits >= v.scale
                        ? try v.rescaled(to: digits)
                        : try SQLNumeric(unscaled: v.unscaled / SQLNumeric.pow10(v.scale - digits), scale: digits))
            }
            return .float(function == .round ? float(0).rounded(.toNearestOrEven) : float(0).rounded(.towardZero))
        case .ceil, .floor:
            if case let .numeric(v) = values[0] { return .numeric(v.integral(function == .ceil ? .up : .down)) }
            return .float(function == .ceil ? float(0).rounded(.up) : float(0).rounded(.down))
        case .sqrt:
            guard float(0) >= 0 else {
                throw SQLError(SQLState("2201F"), "cannot take square root of a negative number")
            }
            return .float(float(0).squareRoot())
        case .power:
            return .float(try MathKernels.power(float(0), float(1)))
        case .dateTrunc:
            guard case let .timestamp(micros) = values[1] else { return .null }
            let unit = try DateKernels.truncUnit(text(0), type: type)
            return .timestamp(DateKernels.truncate(unit, micros, zone: nil))
        case let .extract(field, asDouble):
            return try DateKernels.extract(field, values[0], asDouble: asDouble)
        default:
            throw SQLError(SQLState("XX000"), "no kernel for \(function)")
        }
    }
}

/// Case mapping of the C locale (the engine's collation): ASCII letters only, as PostgreSQL's
/// `lower`/`upper`/`ILIKE` behave under `LC_CTYPE=C`.
enum ASCIICase {
    static func lower(_ text: String) -> String { map(text, from: 0x41...0x5A, by: 0x20) }
    static func upper(_ text: String) -> String { map(text, from: 0x61...0x7A, by: -0x20) }

    static func map(_ text: String, from range: ClosedRange<UInt8>, by delta: Int) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for index in bytes.indices where range.contains(bytes[index]) {
            bytes[index] = UInt8(Int(bytes[index]) + delta)
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
