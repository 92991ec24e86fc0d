/// Conversions between SQL types with PostgreSQL's rules, text formats and error codes.
enum Cast {
    static func outOfRange(_ type: SQLType) -> SQLError {
        SQLError(
            .numericValueOutOfRange,
            type == .bigint
                ? "bigint out of range" : (type == .smallint ? "smallint out of range" : "integer out of range"))
    }

    static func invalidInput(_ type: SQLType, _ text: String, state: SQLState = .invalidTextRepresentation) -> SQLError
    {
        SQLError(state, "invalid input syntax for type \(type.description): \"\(text)\"")
    }

    /// An integer checked against the range of `type` (integer or bigint).
    static func checkedInteger(_ value: Int64, _ type: SQLType) throws(SQLError) -> Datum {
        if type == .integer, Int32(exactly: value) == nil { throw outOfRange(type) }
        if type == .smallint, Int16(exactly: value) == nil { throw outOfRange(type) }
        return .int(value)
    }

    static func trimmed(_ text: String) -> Substring {
        var body = Substring(text)
        while let first = body.first, first == " " || first == "\t" || first == "\n" || first == "\r" {
            body = body.dropFirst()
        }
        while let last = body.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            body = body.dropLast()
        }
        return body
    }

    /// Whether an explicit cast from `source` to `target` exists.
    static func exists(from source: SQLType, to target: SQLType) -> Bool {
        if source == target || source == .unknown || source.isString || target.isString { return true }
        if target == .json || source == .json { return false }
        if let from = source.elementType, let to = target.elementType { return exists(from: from, to: to) }
        switch (source, target) {
        case (_, _) where source.isNumeric && target.isNumeric: return true
        case (.boolean, .integer), (.integer, .boolean): return true
        case (.date, .timestamp), (.timestamp, .date), (.timestamp, .timestamp): return true
        case (.timestamp, .time), (.time, .interval), (.interval, .time): return true
        default: return false
        }
    }

    static func apply(_ datum: Datum, from source: SQLType, to target: SQLType) throws(SQLError) -> Datum {
        if case .null = datum { return .null }
        if source == target { return datum }
        if target == .text || target == .unknown {
            if source.isBPChar, case let .text(text) = datum { return .text(unpadded(text)) }
            return .text(datum.text(as: source) ?? "")
        }
        if let converted = try toCharacterType(datum, from: source, to: target) { return converted }
        if case let .text(text) = datum { return try fromText(text, to: target) }
        if case let .nested(value) = datum, target.isArray {
            return try ArrayText.cast(value, from: source, to: target)
        }
        if let converted = try TemporalCast.apply(datum, from: source, to: target) { return converted }
        switch target {
        case .smallint, .integer, .bigint:
            switch datum {
            case let .int(value): return try checkedInteger(value, target)
            case let .boolean(value): return .int(value ? 1 : 0)
            case let .float(value):
                let rounded = value.rounded(.toNearestOrEven)
                guard rounded.isFinite, let exact = Int64(exactly: rounded) else { throw outOfRange(target) }
                return try checkedInteger(exact, target)
            case let .numeric(value):
                let rounded: SQLNumeric
                do { rounded = try value.rescaled(to: 0) } catch { throw outOfRange(target) }
                guard let exact = Int64(exactly: rounded.unscaled) else { throw outOfRange(target) }
                return try checkedInteger(exact, target)
            default: break
            }
        case .real, .double:
            var result: Double?
            switch datum {
            case let .int(value): result = Double(value)
            case let .float(value): result = value
            case let .numeric(value): result = value.asDouble
            default: break
            }
            if let result {
                if target == .real {
                    let narrow = Float(result)
                    if narrow.isInfinite, result.isFinite {
                        throw SQLError(.numericValueOutOfRange, "value out of range: overflow")
                    }
                    return .float(Double(narrow))
                }
                return .float(result)
            }
        case let .numeric(precision, scale):
            var value: SQLNumeric?
            switch datum {
            case let .int(v): value = SQLNumeric(v)
            case let .float(v):
                value = try SQLNumeric.fromDouble(
                    source == .real ? Double(FloatFormat.significant(v, digits: 6)) ?? v : v)
            case let .numeric(v): value = v
            default: break
            }
            if let value { return .numeric(try constrain(value, precision: precision, scale: scale)) }
        case .boolean:
            if case let .int(value) = datum { return .boolean(value != 0) }
        case .date:
            if case let .timestamp(micros) = datum {
                return .date(Int32(truncatingIfNeeded: DateTime.floorDiv(micros, DateTime.microsPerDay).0))
            }
        case .timestamp:
            if case let .date(days) = datum { return .timestamp(Int64(days) * DateTime.microsPerDay) }
            if case .timestamp = datum { return datum }
        default: break
        }
        throw SQLError(SQLState("42846"), "cannot cast type \(source) to \(target)")
    }

    /// A numeric value fitted to `numeric(precision, scale)` (no-op for unconstrained numeric).
    static func constrain(_ value: SQLNumeric, precision: Int?, scale: Int) throws(SQLError) -> SQLNumeric {
        guard let precision else { return value }
        let scaled = try value.rescaled(to: scale)
        let limitDigits = precision
        if limitDigits < 38, scaled.unscaled.magnitude >= SQLNumeric.pow10Table[limitDigits].magnitude {
            throw SQLError(
                .numericValueOutOfRange, "numeric field overflow",
                hint: nil)
        }
        return scaled
    }

    static func fromText(_ text: String, to target: SQLType) throws(SQLError) -> Datum {
        if let converted = try toCharacterType(.text(text), from: .text, to: target) { return converted }
        let body = trimmed(text)
        switch target {
        case .boolean:
            let word = body.lowercased()
            if !word.isEmpty {
                if "true".hasPrefix(word) || "yes".hasPrefix(word) || word == "on" || word == "1" {
                    return .boolean(true)
                }
                if "false".hasPrefix(word) || "no".hasPrefix(word) || word == "off" || word == "of" || word == "0" {
                    return .boolean(false)
                }
            }
            throw invalidInput(target, text)
        case .smallint, .integer, .bigint:
            var digits = body
            var negative = false
            if let sign = digits.first, sign == "+" || sign == "-" {
                negative = sign == "-"
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw invalidInput(target, text)
            }
            guard let magnitude = UInt64(digits), magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) else {
                throw SQLError(.numericValueOutOfRange, "value \"\(text)\" is out of range for type \(target)")
            }
            let value = negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
            if target == .integer, Int32(exactly: value) == nil {
                throw SQLError(.numericValueOutOfRange, "value \"\(text)\" is out of range for type integer")
            }
            if target == .smallint, Int16(exactly: value) == nil {
                throw SQLError(.numericValueOutOfRange, "value \"\(text)\" is out of range for type smallint")
            }
            return .int(value)
        case .real, .double:
            let lowered = body.lowercased()
            let allowed = lowered.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x2B || $0 == 0x2D
            }
            var value: Double?
            switch lowered {
            case "nan": value = .nan
            case "infinity", "+infinity", "inf", "+inf": value = .infinity
            case "-infinity", "-inf": value = -.infinity
            default: value = allowed ? Double(lowered) : nil
            }
            guard let value else { throw invalidInput(target, text) }
            if value.isInfinite, !lowered.contains("inf") {
                throw SQLError(.numericValueOutOfRange, "\"\(text)\" is out of range for type \(target)")
            }
            return .float(target == .real ? Double(Float(value)) : value)
        case let .numeric(precision, scale):
            guard let value = SQLNumeric.parse(body) else {
                // A well-formed number that does not fit 38 digits is refused, not called invalid.
                if Double(body) != nil,
                    body.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || [0x2B, 0x2D, 0x2E, 0x45, 0x65].contains($0) })
                {
                    throw SQLNumeric.tooLarge()
                }
                throw invalidInput(target, text)
            }
            return .numeric(try constrain(value, precision: precision, scale: scale))
        case .date:
            return .date(try DateTime.parseDateValue(text))
        case let .timestamp(withTimeZone):
            return .timestamp(try DateTime.parseTimestampValue(text, withTimeZone: withTimeZone))
        case .time:
            return .time(try DateTime.parseTimeValue(text))
        case .interval:
            return .interval(try SQLInterval.parse(text))
        case .bytea:
            if body.hasPrefix("\\x") {
                var bytes: [UInt8] = []
                var pending: UInt8?
                for scalar in body.dropFirst(2).unicodeScalars where scalar != " " {
                    guard let nibble = UInt8(String(scalar), radix: 16) else { throw invalidInput(target, text) }
                    if let high = pending {
                        bytes.append(high << 4 | nibble)
                        pending = nil
                    } else {
                        pending = nibble
                    }
                }
                guard pending == nil else { throw invalidInput(target, text) }
                return .bytes(bytes)
            }
            guard !text.contains("\\") else {
                throw SQLError(.featureNotSupported, "bytea escape format input is not supported")
            }
            return .bytes(Array(text.utf8))
        case .text, .unknown:
            return .text(text)
        case .array:
            return try ArrayText.parse(text, as: target)
        default:
            throw SQLError(SQLState("42846"), "cannot cast type text to \(target)")
        }
    }
}
