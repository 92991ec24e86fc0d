/// PostgreSQL's regular expressions (advanced REs, `regex(7)` as PostgreSQL documents them) translated to the
/// standard library's `Regex` syntax, matched over Unicode scalars (PostgreSQL counts code points).
///
/// Differences handled: `.` matches a newline (`(?s)`), `$` and `\Z` only at the very end, `\m` `\M` `\y` `\Y`
/// word boundaries, `[` `&` `~` inside brackets literal (no set operations). Refused with `0A000`: lookbehind,
/// collating
/// elements and equivalence classes (`[.x.]`, `[=x=]`), escapes without a translation, and, where the match's
/// extent matters (`regexp_replace`, `substring`), alternation, non-greedy quantifiers and quantified groups:
/// PostgreSQL picks the longest match there (POSIX), the standard library the first one (Perl).
struct RegexTranslation {
    var source: String
    /// Whether the pattern has a construct whose match extent may differ between POSIX and Perl matching.
    var extentSensitive = false

    static func unsupported(_ what: String) -> SQLError {
        SQLError(.featureNotSupported, "regular expression \(what) is not supported")
    }

    static func invalid(_ detail: String) -> SQLError {
        SQLError(SQLState("2201B"), "invalid regular expression: \(detail)")
    }

    init(_ pattern: String) throws(SQLError) {
        let scalars = Array(pattern.unicodeScalars)
        var out = "(?s)"
        var index = 0
        // Per open group: whether it holds a quantifier or alternation (a quantified such group is refused: the
        // standard library backtracks, so `(a*)*` or `(a|a)*` could take exponential time on a long subject).
        var groups: [Bool] = [false]
        func markQuantified() { groups[groups.count - 1] = true }
        func escaped(_ scalar: Unicode.Scalar) -> String { "\\" + String(scalar) }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\\":
                guard index < scalars.count else { throw RegexTranslation.invalid("invalid escape \\ sequence") }
                let next = scalars[index]
                index += 1
                switch next {
                case "d", "D", "s", "S", "w", "W", "n", "t", "r", "f", "v", "A", "1", "2", "3", "4", "5", "6", "7", "8",
                    "9":
                    out += escaped(next)
                case "Z": out += "\\z"
                case "y": out += "\\b"
                case "Y": out += "\\B"
                case "m": out += "\\b(?=\\w)"
                case "M": out += "\\b(?!\\w)"
                default:
                    if next.properties.isAlphabetic || ("0"..."9").contains(next) {
                        throw RegexTranslation.unsupported("escape \\\(next)")
                    }
                    out += escaped(next)
                }
            case "$": out += "\\z"
            case "|":
                extentSensitive = true
                markQuantified()
                out += "|"
            case "(":
                groups.append(false)
                out += "("
                if index < scalars.count, scalars[index] == "?" {
                    // (?: (?= (?! (?<= (?<! : copied, the `?` is no quantifier.
                    out += "?"
                    index += 1
                    if index < scalars.count, scalars[index] == "<" {
                        // PostgreSQL 15 has lookbehind; the standard library's Regex does not.
                        throw RegexTranslation.unsupported("lookbehind constraints")
                    }
                    guard index < scalars.count, [":", "=", "!"].contains(scalars[index]) else {
                        throw RegexTranslation.unsupported(
                            "construct (?\(index < scalars.count ? String(scalars[index]) : "")")
                    }
                    out.unicodeScalars.append(scalars[index])
                    index += 1
                }
            case ")":
                guard groups.count > 1 else { throw RegexTranslation.invalid("parentheses () not balanced") }
                let inner = groups.removeLast()
                out += ")"
                if index < scalars.count, ["*", "+", "?", "{"].contains(scalars[index]) {
                    extentSensitive = true
                    if inner {
                        throw RegexTranslation.unsupported(
                            "with a quantified group that holds a quantifier or alternation (nested quantifiers)")
                    }
                }
                if inner { markQuantified() }
            case "{" where !(index < scalars.count && ("0"..."9").contains(scalars[index])):
                out += "\\{"
            case "}":
                out += "\\}"
            case "*", "+", "?", "{":
                markQuantified()
                out.unicodeScalars.append(scalar)
                if scalar == "{" {
                    // A bound: digits and at most one comma up to `}`.
                    while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "," {
                        out.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    guard index < scalars.count, scalars[index] == "}" else {
                        throw RegexTranslation.invalid("invalid repetition count(s)")
                    }
                    out += "}"
                    index += 1
                }
                if index < scalars.count, scalars[index] == "?" {
                    extentSensitive = true
                    out += "?"
                    index += 1
                }
            case "[":
                out += "["
                var first = true
                if index < scalars.count, scalars[index] == "^" {
                    out += "^"
                    index += 1
                }
                var closed = false
                while index < scalars.count {
                    let member = scalars[index]
                    index += 1
                    if member == "]", !first {
                        closed = true
                        break
                    }
                    first = false
                    switch member {
                    case "[":
                        if index < scalars.count, scalars[index] == ":" {
                            var name = ""
                            var end = index + 1
                            while end + 1 < scalars.count, !(scalars[end] == ":" && scalars[end + 1] == "]") {
                                name.unicodeScalars.append(scalars[end])
                                end += 1
                            }
                            guard end + 1 < scalars.count else {
                                throw RegexTranslation.invalid("brackets [] not balanced")
                            }
                            out += "[:" + name + ":]"
                            index = end + 2
                        } else if index < scalars.count, scalars[index] == "." || scalars[index] == "=" {
                            throw RegexTranslation.unsupported("collating elements and equivalence classes")
                        } else {
                            out += "\\["
                        }
                    case "\\":
                        guard index < scalars.count else { throw RegexTranslation.invalid("brackets [] not balanced") }
                        let next = scalars[index]
                        index += 1
                        if next.properties.isAlphabetic, !["d", "s", "w", "n", "t", "r", "f", "v"].contains(next) {
                            throw RegexTranslation.unsupported("escape \\\(next) in brackets")
                        }
                        out += escaped(next)
                    case "&", "~", "]": out += escaped(member)
                    default: out.unicodeScalars.append(member)
                    }
                }
                guard closed else { throw RegexTranslation.invalid("brackets [] not balanced") }
                out += "]"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        guard groups.count == 1 else { throw RegexTranslation.invalid("parentheses () not balanced") }
        source = out
    }

    /// SQL's `SIMILAR TO` pattern as an anchored advanced RE (PostgreSQL's `similar_to_escape`): `%` and `_`
    /// are `.*` and `.`, the escape character quotes the next one, `.^$\` are literal.
    static func similar(_ pattern: String, escape: Unicode.Scalar?) throws(SQLError) -> String {
        var out = "^(?:"
        var iterator = pattern.unicodeScalars.makeIterator()
        var inBrackets = false
        while let scalar = iterator.next() {
            if let escape, scalar == escape {
                guard let next = iterator.next() else {
                    throw SQLError(
                        SQLState("2201B"), "invalid regular expression: invalid escape \\ sequence")
                }
                out += (next.properties.isAlphabetic || ("0"..."9").contains(next)) ? String(next) : "\\" + String(next)
                continue
            }
            if inBrackets {
                if scalar == "]" { inBrackets = false }
                if scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "%": out += ".*"
            case "_": out += "."
            case ".", "^", "$", "\\": out += "\\" + String(scalar)
            case "[":
                inBrackets = true
                out += "["
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + ")$"
    }
}
