/// Regular expression operators and functions (`~ ~* !~ !~*`, `SIMILAR TO`, `regexp_like`, `regexp_replace`,
/// `substring(x FROM pattern)`). A constant pattern (and flags) is compiled once at bind time; others per row.
public enum RegexFunction: Hashable, Sendable {
    /// Arguments: text, pattern.
    case match(caseInsensitive: Bool, negated: Bool, RegexProgram?)
    /// Arguments: text, pattern[, escape].
    case similar(negated: Bool, RegexProgram?)
    /// `regexp_like(text, pattern[, flags])`.
    case like(RegexProgram?)
    /// `regexp_replace(text, pattern, replacement[, flags])`.
    case replace(RegexProgram?)
    /// `substring(text FROM pattern)` / `substring(text, pattern)`.
    case substring(RegexProgram?)
    /// `regexp_match(text, pattern[, flags])`: the first match's captures (or the match) as `text[]`.
    case firstMatch(RegexProgram?)
    /// `regexp_split_to_array(text, pattern[, flags])`.
    case split(RegexProgram?)
    /// `regexp_count(text, pattern[, start[, flags]])`.
    case count(RegexProgram?)
    /// `regexp_substr(text, pattern[, start[, n[, flags[, subexpr]]]])`.
    case substr(RegexProgram?)
    /// `regexp_instr(text, pattern[, start[, n[, endoption[, flags[, subexpr]]]]])`.
    case instr(RegexProgram?)
}

/// The options of a flags argument (`g`, `i`, `c`); PostgreSQL's other options are refused.
struct RegexFlags {
    var global = false
    var caseInsensitive = false

    init(_ text: String, allowGlobal: Bool, function: String) throws(SQLError) {
        for flag in text.unicodeScalars {
            switch flag {
            case "g":
                guard allowGlobal else {
                    throw SQLError(.invalidParameterValue, "\(function)() does not support the \"global\" option")
                }
                global = true
            case "i": caseInsensitive = true
            case "c": caseInsensitive = false
            case "b", "e", "m", "n", "p", "q", "s", "t", "w", "x":
                throw SQLError(.featureNotSupported, "regular expression option \"\(flag)\" is not supported")
            default:
                throw SQLError(.invalidParameterValue, "invalid regular expression option: \"\(flag)\"")
            }
        }
    }
}

extension Functions {
    static func constantText(_ expression: BoundExpression) -> String?? {
        guard case let .literal(datum) = expression.kind else { return nil }
        if case let .text(text) = datum { return .some(text) }
        return .some(nil)
    }

    /// The program for a constant pattern (and constant flags), nil when either varies per row.
    static func program(
        _ pattern: BoundExpression, flags: BoundExpression?, allowGlobal: Bool, function: String,
        caseInsensitive: Bool = false
    ) throws -> RegexProgram? {
        guard case let .some(.some(text)) = constantText(pattern) else { return nil }
        var flagText = ""
        if let flags {
            guard case let .some(.some(value)) = constantText(flags) else { return nil }
            flagText = value
        }
        let options = try RegexFlags(flagText, allowGlobal: allowGlobal, function: function)
        return try RegexProgram(pattern: text, caseInsensitive: caseInsensitive || options.caseInsensitive)
    }

    static func regexMatch(
        _ l: BoundExpression, _ r: BoundExpression, caseInsensitive: Bool, negated: Bool, at position: SourcePosition
    ) throws -> BoundExpression {
        let symbol = BinaryOperator.regexMatch(caseInsensitive: caseInsensitive, negated: negated).symbol
        let text = try Operators.text(l, symbol)
        let pattern = try Operators.text(r, symbol)
        let compiled = try program(
            pattern, flags: nil, allowGlobal: false, function: symbol, caseInsensitive: caseInsensitive)
        let function = RegexFunction.match(caseInsensitive: caseInsensitive, negated: negated, compiled)
        return BoundExpression(.function(.regex(function), [text, pattern]), .boolean, at: position)
    }

    static func similar(
        _ value: BoundExpression, _ pattern: BoundExpression, escape: BoundExpression?, negated: Bool,
        at position: SourcePosition
    ) throws -> BoundExpression {
        var arguments = [try Operators.text(value, "SIMILAR TO"), try Operators.text(pattern, "SIMILAR TO")]
        if let escape { arguments.append(try Operators.text(escape, "ESCAPE")) }
        var compiled: RegexProgram?
        if case let .some(.some(text)) = constantText(arguments[1]) {
            var escapeScalar: Unicode.Scalar?? = .some("\\")
            if arguments.count == 3 {
                switch constantText(arguments[2]) {
                case let .some(.some(e)): escapeScalar = try RegexKernels.similarEscape(e)
                default: escapeScalar = nil
                }
            }
            if let escapeScalar {
                compiled = try RegexProgram(pattern: text, caseInsensitive: false, similarEscape: escapeScalar)
            }
        }
        return BoundExpression(
            .function(.regex(.similar(negated: negated, compiled)), arguments), .boolean, at: position)
    }

    static func regex(_ name: String, _ arguments: [BoundExpression], at position: SourcePosition) throws
        -> BoundExpression?
    {
        switch name {
        case "regexp_like":
            guard let fitted = try fit(arguments, [.text, .text]) ?? fit(arguments, [.text, .text, .text]) else {
                throw noFunction(name, arguments, position)
            }
            let compiled = try program(
                fitted[1], flags: fitted.count == 3 ? fitted[2] : nil, allowGlobal: false, function: name)
            return BoundExpression(.function(.regex(.like(compiled)), fitted), .boolean, at: position)
        case "regexp_replace":
            guard
                let fitted = try fit(arguments, [.text, .text, .text]) ?? fit(arguments, [.text, .text, .text, .text])
            else {
                if arguments.count > 4 || (arguments.count == 4 && arguments[3].type.isInteger) {
                    throw Binder.unsupported("regexp_replace with start and N arguments", position)
                }
                throw noFunction(name, arguments, position)
            }
            let compiled = try program(
                fitted[1], flags: fitted.count == 4 ? fitted[3] : nil, allowGlobal: true, function: name)
            try compiled?.requireExtent(name)
            return BoundExpression(.function(.regex(.replace(compiled)), fitted), .text, at: position)
        case "regexp_match", "regexp_split_to_array", "regexp_matches", "regexp_split_to_table":
            guard let fitted = try fit(arguments, [.text, .text]) ?? fit(arguments, [.text, .text, .text]) else {
                throw noFunction(name, arguments, position)
            }
            let global = name == "regexp_matches"
            let compiled = try program(
                fitted[1], flags: fitted.count == 3 ? fitted[2] : nil, allowGlobal: global, function: name)
            try compiled?.requireExtent(name)
            switch name {
            case "regexp_match":
                return BoundExpression(.function(.regex(.firstMatch(compiled)), fitted), .arrayOf(.text), at: position)
            case "regexp_split_to_array":
                return BoundExpression(.function(.regex(.split(compiled)), fitted), .arrayOf(.text), at: position)
            case "regexp_matches":
                return BoundExpression(.function(.setReturning(.regexpMatches), fitted), .arrayOf(.text), at: position)
            default:
                return BoundExpression(.function(.setReturning(.regexpSplitToTable), fitted), .text, at: position)
            }
        case "regexp_count":
            let shapes: [[SQLType]] = [[.text, .text], [.text, .text, .integer], [.text, .text, .integer, .text]]
            guard let fitted = try shapes.lazy.compactMap({ try fit(arguments, $0) }).first else {
                throw noFunction(name, arguments, position)
            }
            let compiled = try program(
                fitted[1], flags: fitted.count == 4 ? fitted[3] : nil, allowGlobal: false, function: name)
            try compiled?.requireExtent(name)
            return BoundExpression(.function(.regex(.count(compiled)), fitted), .integer, at: position)
        case "regexp_substr":
            let shapes: [[SQLType]] = [
                [.text, .text], [.text, .text, .integer], [.text, .text, .integer, .integer],
                [.text, .text, .integer, .integer, .text], [.text, .text, .integer, .integer, .text, .integer],
            ]
            guard let fitted = try shapes.lazy.compactMap({ try fit(arguments, $0) }).first else {
                throw noFunction(name, arguments, position)
            }
            let compiled = try program(
                fitted[1], flags: fitted.count >= 5 ? fitted[4] : nil, allowGlobal: false, function: name)
            try compiled?.requireExtent(name)
            return BoundExpression(.function(.regex(.substr(compiled)), fitted), .text, at: position)
        case "regexp_instr":
            let shapes: [[SQLType]] = [
                [.text, .text], [.text, .text, .integer], [.text, .text, .integer, .integer],
                [.text, .text, .integer, .integer, .integer], [.text, .text, .integer, .integer, .integer, .text],
                [.text, .text, .integer, .integer, .integer, .text, .integer],
            ]
            guard let fitted = try shapes.lazy.compactMap({ try fit(arguments, $0) }).first else {
                throw noFunction(name, arguments, position)
            }
            let compiled = try program(
                fitted[1], flags: fitted.count >= 6 ? fitted[5] : nil, allowGlobal: false, function: name)
            try compiled?.requireExtent(name)
            return BoundExpression(.function(.regex(.instr(compiled)), fitted), .integer, at: position)
        case "substring":
            guard arguments.count == 2, arguments[1].type == .text || arguments[1].type == .unknown else { return nil }
            guard let fitted = try fit(arguments, [.text, .text]) else { return nil }
            let compiled = try program(fitted[1], flags: nil, allowGlobal: false, function: name)
            try compiled?.requireExtent("substring")
            return BoundExpression(.function(.regex(.substring(compiled)), fitted), .text, at: position)
        default:
            return nil
        }
    }
}
