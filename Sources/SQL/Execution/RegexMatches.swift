import Columnar

/// The match-listing regex functions (`regexp_match`, `regexp_matches`, `regexp_split_to_array`/`_to_table`,
/// `regexp_count`, `regexp_substr`) over a compiled program. Matches follow PostgreSQL's search loop: after a match
/// the next search starts at its end, after an empty match one character further (Swift's `matches(of:)` walks the
/// same way). Positions are characters (Unicode scalars), as PostgreSQL counts them in UTF-8 databases.
extension RegexProgram {
    /// One match as `regexp_match` returns it: the captures (NULL for a group that did not take part), or the whole
    /// match when the pattern has no groups.
    func captures(_ match: Regex<AnyRegexOutput>.Match, in text: String) -> Value {
        let scalars = text.unicodeScalars
        func piece(_ range: Range<String.Index>) -> Value { .string(TextBytes.string(scalars[range])) }
        guard match.output.count > 1 else { return .list([piece(match.range)]) }
        return .list((1..<match.output.count).map { match.output[$0].range.map(piece) ?? .null })
    }

    /// `regexp_match`: the first match's captures, nil when nothing matches.
    func firstMatch(_ text: String) -> Value? {
        text.firstMatch(of: regex).map { captures($0, in: text) }
    }

    /// `regexp_matches`: every match with `g`, else at most the first.
    func allMatches(_ text: String, global: Bool) -> [Value] {
        guard global else { return firstMatch(text).map { [$0] } ?? [] }
        return text.matches(of: regex).map { captures($0, in: text) }
    }

    /// `regexp_split_to_array`/`_to_table`: the text between matches, ignoring empty matches at the start, at the
    /// end, and right after the previous match (PostgreSQL's "degenerate" matches).
    func split(_ text: String) -> [String] {
        let scalars = text.unicodeScalars
        var pieces: [String] = []
        var pieceStart = scalars.startIndex
        var previousEnd = scalars.startIndex
        for match in text.matches(of: regex) {
            let range = match.range
            if range.lowerBound < scalars.endIndex, range.upperBound > previousEnd {
                pieces.append(TextBytes.string(scalars[pieceStart..<range.lowerBound]))
                pieceStart = range.upperBound
            }
            previousEnd = range.upperBound
        }
        pieces.append(TextBytes.string(scalars[pieceStart...]))
        return pieces
    }

    /// The matches searched from the 1-based character `start`. Past the end there are none; a later start
    /// searches the rest of the text as a string of its own, which only anchors and word boundaries could tell
    /// apart from PostgreSQL's search inside the whole text, so patterns with them are refused there.
    func matches(_ text: String, from start: Int64, function: String) throws(SQLError) -> (
        String, [Regex<AnyRegexOutput>.Match]
    ) {
        guard start > 0 else {
            throw SQLError(.invalidParameterValue, "invalid value for parameter \"start\": \(start)")
        }
        if start == 1 { return (text, text.matches(of: regex).map { $0 }) }
        let scalars = text.unicodeScalars
        guard start <= Int64(scalars.count) + 1 else { return (text, []) }
        if mentionsAnchors {
            throw SQLError(
                .featureNotSupported, "\(function) with a start position and an anchored pattern is not supported")
        }
        let rest = TextBytes.string(scalars[scalars.index(scalars.startIndex, offsetBy: Int(start - 1))...])
        return (rest, rest.matches(of: regex).map { $0 })
    }

    /// The `n`th match searched from `start` (its capture `group`, 0 for the whole match) and the text it lies in,
    /// nil when there is no such match or the group did not take part.
    func nthMatch(_ text: String, start: Int64, n: Int64, group: Int64, _ function: String) throws(SQLError)
        -> (String, Range<String.Index>)?
    {
        guard n > 0 else { throw SQLError(.invalidParameterValue, "invalid value for parameter \"n\": \(n)") }
        guard group >= 0 else {
            throw SQLError(.invalidParameterValue, "invalid value for parameter \"subexpr\": \(group)")
        }
        let (searched, found) = try matches(text, from: start, function: function)
        guard n <= Int64(found.count) else { return nil }
        let match = found[Int(n - 1)]
        guard group < Int64(match.output.count), let range = match.output[Int(group)].range else { return nil }
        return (searched, range)
    }

    /// Whether the pattern text holds `^`, `$`, a backslash escape that is an anchor or boundary, or a lookbehind.
    var mentionsAnchors: Bool {
        let pattern = Array(key.unicodeScalars)
        for (index, scalar) in pattern.enumerated() {
            if scalar == "^" || scalar == "$" { return true }
            if scalar == "\\", index + 1 < pattern.count, "AZzbBmMyY".unicodeScalars.contains(pattern[index + 1]) {
                return true
            }
            if scalar == "(", index + 2 < pattern.count, pattern[index + 1] == "?", pattern[index + 2] == "<" {
                return true
            }
        }
        return false
    }
}

extension RegexKernels {
    /// The list-valued and counting regex functions (see `RegexProgram`'s match listing).
    static func applyMatches(_ function: RegexFunction, _ values: [Datum]) throws -> Datum {
        func text(_ i: Int) -> String { if case let .text(t) = values[i] { t } else { "" } }
        func integer(_ i: Int) -> Int64 { if case let .int(v) = values[i] { v } else { 1 } }
        func compile(_ program: RegexProgram?, flagsAt index: Int, _ name: String) throws -> RegexProgram {
            let options = try RegexFlags(values.count > index ? text(index) : "", allowGlobal: false, function: name)
            let compiled = try program ?? RegexProgram(pattern: text(1), caseInsensitive: options.caseInsensitive)
            try compiled.requireExtent(name)
            return compiled
        }
        switch function {
        case let .firstMatch(program):
            return try compile(program, flagsAt: 2, "regexp_match").firstMatch(text(0)).map { .nested($0) } ?? .null
        case let .split(program):
            let pieces = try compile(program, flagsAt: 2, "regexp_split_to_array").split(text(0))
            return .nested(.list(pieces.map { .string($0) }))
        case let .count(program):
            let compiled = try compile(program, flagsAt: 3, "regexp_count")
            let (_, found) = try compiled.matches(
                text(0), from: values.count > 2 ? integer(2) : 1, function: "regexp_count")
            return .int(Int64(found.count))
        case let .substr(program):
            let compiled = try compile(program, flagsAt: 4, "regexp_substr")
            let start = values.count > 2 ? integer(2) : 1
            let n = values.count > 3 ? integer(3) : 1
            let group = values.count > 5 ? integer(5) : 0
            guard
                let (searched, range) = try compiled.nthMatch(
                    text(0), start: start, n: n, group: group, "regexp_substr")
            else { return .null }
            return .text(TextBytes.string(searched.unicodeScalars[range]))
        case let .instr(program):
            let compiled = try compile(program, flagsAt: 5, "regexp_instr")
            let start = values.count > 2 ? integer(2) : 1
            let n = values.count > 3 ? integer(3) : 1
            let endOption = values.count > 4 ? integer(4) : 0
            let group = values.count > 6 ? integer(6) : 0
            guard endOption == 0 || endOption == 1 else {
                throw SQLError(.invalidParameterValue, "invalid value for parameter \"endoption\": \(endOption)")
            }
            guard
                let (searched, range) = try compiled.nthMatch(text(0), start: start, n: n, group: group, "regexp_instr")
            else { return .int(0) }
            let scalars = searched.unicodeScalars
            let bound = endOption == 0 ? range.lowerBound : range.upperBound
            // Positions count from the whole text's first character, wherever the search started.
            return .int(start + Int64(scalars.distance(from: scalars.startIndex, to: bound)))
        default:
            throw SQLError(SQLState("XX000"), "regex function \(function) reached the wrong kernel")
        }
    }

    /// The rows of `regexp_matches` (each a `text[]`) or `regexp_split_to_table` (each a text) for one input row.
    static func rows(_ function: SetFunction, _ values: [Datum]) throws -> [Value] {
        func text(_ i: Int) -> String { if case let .text(t) = values[i] { t } else { "" } }
        let name = function.rawValue
        let options = try RegexFlags(
            values.count > 2 ? text(2) : "", allowGlobal: function == .regexpMatches, function: name)
        let compiled = try RegexProgram(pattern: text(1), caseInsensitive: options.caseInsensitive)
        try compiled.requireExtent(name)
        if function == .regexpMatches { return compiled.allMatches(text(0), global: options.global) }
        return compiled.split(text(0)).map { .string($0) }
    }
}
