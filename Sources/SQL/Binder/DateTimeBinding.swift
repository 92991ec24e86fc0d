/// The date/time operations the engine evaluates (`ScalarFunction.dateTime`).
public enum DateTimeFunction: Hashable, Sendable {
    /// timestamp/timestamptz ± interval (`subtract` negates the interval first).
    case timestampPlusInterval(subtract: Bool)
    /// timestamp - timestamp, timestamptz - timestamptz -> interval.
    case timestampMinusTimestamp
    /// date + time -> timestamp.
    case datePlusTime
    case timePlusInterval(subtract: Bool)
    case timeMinusTime
    case intervalPlusInterval(subtract: Bool)
    case intervalTimesNumber
    case intervalDividedByNumber
    case justifyDays, justifyHours, justifyInterval
    case makeInterval
    /// `age(a, b)`; with one argument `b` is midnight of the current date.
    case age
    /// `timestamp AT TIME ZONE zone` -> timestamptz (the zone is the first argument, as in `timezone(z, ts)`).
    case localToZone
    /// `timestamptz AT TIME ZONE zone` -> timestamp.
    case zoneToLocal
    /// `date_trunc(field, value [, zone])` on timestamps, timestamptz and intervals.
    case dateTrunc
    /// `extract`/`date_part` on time and interval values (timestamps and dates use `ScalarFunction.extract`).
    case extractFrom(String, asDouble: Bool)
    case toChar
    case toCharNumber
    case toTimestampEpoch
    case toTimestampText
    case toDate
    case makeDate, makeTime, makeTimestamp, makeTimestamptz
    /// The statement's start time (`now()`, `current_timestamp`, `transaction_timestamp()`, ...).
    case statementTime
    case clockTimestamp
    case currentDate
    case localTimestamp
    case localTime
    case dateBin
    case isFinite
}

/// Binding of date/time operators, functions and special forms (`AT TIME ZONE`, `CURRENT_DATE`, ...) with
/// PostgreSQL's signatures and result types.
enum DateTimeBinding {
    static func call(
        _ function: DateTimeFunction, _ arguments: [BoundExpression], _ type: SQLType, _ position: SourcePosition
    )
        -> BoundExpression
    {
        BoundExpression(.function(.dateTime(function), arguments), type, at: position)
    }

    static func isTemporal(_ type: SQLType) -> Bool {
        type == .date || type.isTimestamp || type == .time || type == .interval
    }

    /// `+`/`-`/`*`/`/` with a time, timestamp or interval operand (nil when neither side is one, or for the
    /// date ± integer and date - date forms the numeric resolution handles).
    static func binary(_ op: BinaryOperator, _ l: BoundExpression, _ r: BoundExpression, at position: SourcePosition)
        throws -> BoundExpression?
    {
        let types = (l.type, r.type)
        guard [l.type, r.type].contains(where: { $0.isTimestamp || $0 == .time || $0 == .interval }) else {
            return nil
        }
        let noOperator = SQLError(
            .undefinedFunction, "operator does not exist: \(l.type) \(op.symbol) \(r.type)",
            position: position.reported,
            hint: "No operator matches the given name and argument types. You might need to add explicit type casts.")
        func coerce(_ e: BoundExpression, _ type: SQLType) throws -> BoundExpression {
            try Operators.coerce(e, to: type)
        }
        func timestampSide(_ type: SQLType) -> SQLType? {
            switch type {
            case .date: return .timestamp(withTimeZone: false)
            case .timestamp: return type
            default: return nil
            }
        }
        switch op {
        case .plus, .minus:
            let subtract = op == .minus
            // timestamp/date ± interval
            if let base = timestampSide(l.type), r.type == .interval || (r.type == .unknown && !subtract) {
                let a = try coerce(l, base)
                return call(.timestampPlusInterval(subtract: subtract), [a, try coerce(r, .interval)], base, position)
            }
            if !subtract, l.type == .interval, let base = timestampSide(r.type) {
                return call(.timestampPlusInterval(subtract: false), [try coerce(r, base), l], base, position)
            }
            // timestamp - timestamp
            if subtract, l.type.isTimestamp || r.type.isTimestamp,
                timestampSide(l.type) != nil || l.type == .unknown, timestampSide(r.type) != nil || r.type == .unknown
            {
                let common = try Coercion.common(
                    [l.type == .date ? .timestamp(withTimeZone: false) : l.type, r.type], context: "-")
                return call(
                    .timestampMinusTimestamp, [try coerce(l, common), try coerce(r, common)], .interval, position)
            }
            // date + time
            if !subtract, (types.0 == .date && types.1 == .time) || (types.0 == .time && types.1 == .date) {
                let (date, time) = l.type == .date ? (l, r) : (r, l)
                return call(.datePlusTime, [date, time], .timestamp(withTimeZone: false), position)
            }
            if l.type == .time, r.type == .interval || r.type == .unknown, !(subtract && r.type == .unknown) {
                return call(.timePlusInterval(subtract: subtract), [l, try coerce(r, .interval)], .time, position)
            }
            if !subtract, l.type == .interval, r.type == .time {
                return call(.timePlusInterval(subtract: false), [r, l], .time, position)
            }
            if subtract, l.type == .time, r.type == .time || r.type == .unknown {
                return call(.timeMinusTime, [l, try coerce(r, .time)], .interval, position)
            }
            if l.type == .interval || r.type == .interval, l.type == .interval || l.type == .unknown,
                r.type == .interval || r.type == .unknown
            {
                return call(
                    .intervalPlusInterval(subtract: subtract), [try coerce(l, .interval), try coerce(r, .interval)],
                    .interval, position)
            }
            throw noOperator
        case .multiply:
            if l.type == .interval, r.type.isNumeric || r.type == .unknown {
                return call(.intervalTimesNumber, [l, try coerce(r, .double)], .interval, position)
            }
            if r.type == .interval, l.type.isNumeric || l.type == .unknown {
                return call(.intervalTimesNumber, [r, try coerce(l, .double)], .interval, position)
            }
            throw noOperator
        case .divide:
            if l.type == .interval, r.type.isNumeric || r.type == .unknown {
                return call(.intervalDividedByNumber, [l, try coerce(r, .double)], .interval, position)
            }
            throw noOperator
        default:
            throw noOperator
        }
    }

    /// `AT TIME ZONE`: timestamp -> timestamptz, timestamptz -> timestamp (a date reads as timestamptz).
    static func atTimeZone(_ value: BoundExpression, _ zone: BoundExpression, at position: SourcePosition) throws
        -> BoundExpression
    {
        try timezone([zone, value], at: position)
    }

    static func timezone(_ arguments: [BoundExpression], at position: SourcePosition) throws -> BoundExpression {
        guard arguments.count == 2 else { throw Functions.noFunction("timezone", arguments, position) }
        let zone = try Operators.coerce(arguments[0], to: .text)
        guard zone.type == .text else {
            if arguments[0].type == .interval { throw Binder.unsupported("AT TIME ZONE with an interval", position) }
            throw Functions.noFunction("timezone", arguments, position)
        }
        var value = arguments[1]
        if value.type == .unknown || value.type == .date { value = try Operators.coerce(value, to: .timestamptz) }
        switch value.type {
        case .timestamp(false): return call(.localToZone, [zone, value], .timestamptz, position)
        case .timestamp(true): return call(.zoneToLocal, [zone, value], .timestamp(withTimeZone: false), position)
        case .time: throw Binder.unsupported("AT TIME ZONE on time values (timetz)", position)
        default: throw Functions.noFunction("timezone", arguments, position)
        }
    }

    /// `CURRENT_DATE`, `CURRENT_TIMESTAMP`, `LOCALTIMESTAMP`, `LOCALTIME` (`CURRENT_TIME` is timetz: refused).
    static func valueFunction(_ function: ValueFunction, precision: Int?, at position: SourcePosition) throws
        -> BoundExpression
    {
        if precision != nil { throw Binder.unsupported("\(function.rawValue) with a precision", position) }
        switch function {
        case .currentDate: return call(.currentDate, [], .date, position)
        case .currentTimestamp: return call(.statementTime, [], .timestamptz, position)
        case .localTimestamp: return call(.localTimestamp, [], .timestamp(withTimeZone: false), position)
        case .localTime: return call(.localTime, [], .time, position)
        case .currentTime: throw Binder.unsupported("CURRENT_TIME (type time with time zone)", position)
        default: throw Binder.unsupported("\(function.rawValue)", position)
        }
    }

    static let names: Set<String> = [
        "date_trunc", "date_part", "justify_days", "justify_hours", "justify_interval", "make_interval", "age",
        "timezone", "to_char", "to_timestamp", "to_date", "make_date", "make_time", "make_timestamp",
        "make_timestamptz", "now", "transaction_timestamp", "statement_timestamp", "clock_timestamp", "date_bin",
        "isfinite",
    ]

    /// A date/time function call, nil when `name` is not one.
    static func scalar(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        guard names.contains(name) else { return nil }
        func fit(_ types: [SQLType]) throws -> [BoundExpression]? { try Functions.fit(arguments, types) }
        func make(_ function: DateTimeFunction, _ types: [SQLType], _ result: SQLType) throws -> BoundExpression? {
            guard let fitted = try fit(types) else { return nil }
            return call(function, fitted, result, position)
        }
        let first = arguments.first?.type ?? .unknown
        let second = arguments.count > 1 ? arguments[1].type : .unknown
        var result: BoundExpression?
        switch name {
        case "date_trunc":
            if arguments.count == 2 {
                let source: SQLType =
                    second == .date || second == .unknown ? .timestamptz : second
                if source.isTimestamp || source == .interval {
                    try checkTruncUnit(arguments[0], source, position)
                    result = try make(.dateTrunc, [.text, source], source)
                }
            } else if arguments.count == 3 {
                try checkTruncUnit(arguments[0], .timestamptz, position)
                result = try make(.dateTrunc, [.text, .timestamptz, .text], .timestamptz)
            }
        case "date_part":
            if arguments.count == 2, case let .literal(.text(field)) = arguments[0].kind {
                return try extract(field.lowercased(), arguments[1], asDouble: true, at: position)
            }
            if arguments.count == 2 { throw Binder.unsupported("date_part with a non-constant field", position) }
        case "justify_days": result = try make(.justifyDays, [.interval], .interval)
        case "justify_hours": result = try make(.justifyHours, [.interval], .interval)
        case "justify_interval": result = try make(.justifyInterval, [.interval], .interval)
        case "make_interval":
            guard arguments.count <= 7 else { break }
            let types: [SQLType] = [.integer, .integer, .integer, .integer, .integer, .integer, .double]
            var filled = arguments
            while filled.count < 7 { filled.append(.literal(.int(0), .integer)) }
            if let fitted = try Functions.fit(filled, types) {
                result = call(.makeInterval, fitted, .interval, position)
            }
        case "age":
            if arguments.count == 1 {
                let type: SQLType = first == .timestamp(withTimeZone: false) ? first : .timestamptz
                result = try make(.age, [type], .interval)
            } else if arguments.count == 2 {
                let common = try Coercion.common(
                    arguments.map { $0.type == .date ? .timestamp(withTimeZone: false) : $0.type }, context: "age")
                if common.isTimestamp || common == .unknown || common == .text {
                    let type = common.isTimestamp ? common : .timestamptz
                    result = try make(.age, [type, type], .interval)
                }
            }
        case "timezone":
            return try timezone(arguments, at: position)
        case "to_char":
            guard arguments.count == 2 else { break }
            if first.isTimestamp || first == .date {
                let type: SQLType = first == .date ? .timestamp(withTimeZone: false) : first
                result = try make(.toChar, [type, .text], .text)
            } else if first == .interval || first == .time {
                result = try make(.toChar, [first == .time ? .interval : first, .text], .text)
            } else if first.isNumeric {
                result = try make(.toCharNumber, [first.isDecimal ? .anyNumeric : first, .text], .text)
            }
        case "to_timestamp":
            if arguments.count == 1 {
                result = try make(.toTimestampEpoch, [.double], .timestamptz)
            } else {
                result = try make(.toTimestampText, [.text, .text], .timestamptz)
            }
        case "to_date": result = try make(.toDate, [.text, .text], .date)
        case "make_date": result = try make(.makeDate, [.integer, .integer, .integer], .date)
        case "make_time": result = try make(.makeTime, [.integer, .integer, .double], .time)
        case "make_timestamp":
            result = try make(
                .makeTimestamp, [.integer, .integer, .integer, .integer, .integer, .double],
                .timestamp(withTimeZone: false))
        case "make_timestamptz":
            result =
                try make(.makeTimestamptz, [.integer, .integer, .integer, .integer, .integer, .double], .timestamptz)
                ?? make(
                    .makeTimestamptz, [.integer, .integer, .integer, .integer, .integer, .double, .text], .timestamptz)
        case "now", "transaction_timestamp", "statement_timestamp":
            result = try make(.statementTime, [], .timestamptz)
        case "clock_timestamp":
            result = try make(.clockTimestamp, [], .timestamptz)
        case "date_bin":
            if arguments.count == 3 {
                let type: SQLType =
                    arguments[1].type == .timestamp(withTimeZone: false) ? arguments[1].type : .timestamptz
                result = try make(.dateBin, [.interval, type, type], type)
            }
        case "isfinite":
            if arguments.count == 1 {
                let type: SQLType = first == .unknown ? .timestamptz : first
                if type == .date || type.isTimestamp || type == .interval {
                    result = try make(.isFinite, [type], .boolean)
                }
            }
        default:
            return nil
        }
        guard let result else { throw Functions.noFunction(name, arguments, position) }
        return result
    }

    static let truncUnits: Set<String> = [
        "microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
        "decade", "century", "millennium",
    ]

    /// A constant unit checked now, as PostgreSQL fails before reading rows.
    static func checkTruncUnit(_ unit: BoundExpression, _ type: SQLType, _ position: SourcePosition) throws {
        guard case let .literal(.text(text)) = unit.kind else { return }
        _ = try DateKernels.truncUnit(text, type: type)
    }

    static let fieldAliases: [String: String] = [
        "microsecond": "microseconds", "us": "microseconds", "usec": "microseconds", "usecs": "microseconds",
        "usecond": "microseconds", "useconds": "microseconds",
        "millisecond": "milliseconds", "ms": "milliseconds", "msec": "milliseconds", "msecs": "milliseconds",
        "msecond": "milliseconds", "mseconds": "milliseconds", "millisecon": "milliseconds",
        "seconds": "second", "s": "second", "sec": "second", "secs": "second",
        "minutes": "minute", "m": "minute", "min": "minute", "mins": "minute",
        "hours": "hour", "h": "hour", "hr": "hour", "hrs": "hour",
        "days": "day", "d": "day",
        "weeks": "week", "w": "week",
        "months": "month", "mon": "month", "mons": "month",
        "qtr": "quarter",
        "years": "year", "y": "year", "yr": "year", "yrs": "year",
        "decades": "decade", "dec": "decade", "decs": "decade",
        "centuries": "century", "c": "century", "cent": "century",
        "millennia": "millennium", "mil": "millennium", "mils": "millennium",
        "j": "julian", "jd": "julian", "timezone_h": "timezone_hour", "timezone_m": "timezone_minute",
    ]

    static func canonicalField(_ field: String) -> String {
        let lowered = field.lowercased()
        return fieldAliases[lowered] ?? lowered
    }

    static let timestampFields: Set<String> = [
        "microseconds", "milliseconds", "second", "minute", "hour", "day", "month", "quarter", "year", "decade",
        "century", "millennium", "dow", "isodow", "doy", "week", "isoyear", "epoch", "julian", "timezone",
        "timezone_hour", "timezone_minute",
    ]

    /// `extract(field FROM x)` (numeric) and `date_part('field', x)` (double precision).
    static func extract(_ field: String, _ source: BoundExpression, asDouble: Bool, at position: SourcePosition)
        throws -> BoundExpression
    {
        var argument = source
        if argument.type == .unknown { argument = try Operators.coerce(argument, to: .timestamptz) }
        if asDouble, argument.type == .date { argument = try Operators.coerce(argument, to: .timestamptz) }
        let canonical = canonicalField(field)
        let resultType: SQLType = asDouble ? .double : .anyNumeric
        let notSupported = SQLError(
            .featureNotSupported, "unit \"\(field)\" not supported for type \(argument.type)",
            position: position.reported)
        let notRecognized = SQLError(
            .invalidParameterValue, "unit \"\(field)\" not recognized for type \(argument.type)",
            position: position.reported)
        switch argument.type {
        case .date, .timestamp:
            guard timestampFields.contains(canonical) else { throw notRecognized }
            if argument.type == .date,
                [
                    "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_hour",
                    "timezone_minute",
                ].contains(canonical)
            {
                throw notSupported
            }
            if argument.type == .timestamp(withTimeZone: false), canonical.hasPrefix("timezone") { throw notSupported }
            if argument.type == .timestamptz {
                return call(.extractFrom(canonical, asDouble: asDouble), [argument], resultType, position)
            }
            return BoundExpression(
                .function(.extract(canonical, asDouble: asDouble), [argument]), resultType, at: position)
        case .time, .interval:
            let supported: Set<String> =
                argument.type == .time
                ? ["microseconds", "milliseconds", "second", "minute", "hour", "epoch"]
                : [
                    "microseconds", "milliseconds", "second", "minute", "hour", "day", "month", "quarter", "year",
                    "decade", "century", "millennium", "epoch",
                ]
            guard supported.contains(canonical) else {
                throw timestampFields.contains(canonical) ? notSupported : notRecognized
            }
            return call(.extractFrom(canonical, asDouble: asDouble), [argument], resultType, position)
        default:
            throw SQLError(
                .undefinedFunction,
                "function \(asDouble ? "date_part" : "extract")(unknown, \(argument.type)) does not exist",
                position: position.reported)
        }
    }
}
