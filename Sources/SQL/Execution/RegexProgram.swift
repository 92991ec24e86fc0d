/// A compiled regular expression for the regex kernels: the pattern translated by `RegexTranslation`, matched over
/// Unicode scalars with ASCII-only `\d` and simple word boundaries (glibc's `C.UTF-8` classes). Constant patterns
/// are compiled once when the statement is bound and carried in the plan (`RegexFunction`); equality and hashing
/// use the pattern text and options.
public final class RegexProgram: Hashable, @unchecked Sendable {
    let key: String
    let caseInsensitive: Bool
    let extentSensitive: Bool
    let regex: Regex<AnyRegexOutput>

    init(pattern: String, caseInsensitive: Bool, similarEscape: Unicode.Scalar?? = nil) throws(SQLError) {
        var source = pattern
        if let escape = similarEscape { source = try RegexTranslation.similar(pattern, escape: escape) }
        let translation = try RegexTranslation(source)
        let compiled: Regex<AnyRegexOutput>
        do {
            compiled = try Regex((caseInsensitive ? "(?i)" : "") + translation.source)
        } catch {
            throw RegexTranslation.invalid("\(error)")
        }
        regex = compiled.matchingSemantics(.unicodeScalar).asciiOnlyDigits().wordBoundaryKind(.simple)
        key = (caseInsensitive ? "i:" : "c:") + (similarEscape == nil ? "" : "similar:") + pattern
        self.caseInsensitive = caseInsensitive
        extentSensitive = translation.extentSensitive
    }

    public static func == (a: RegexProgram, b: RegexProgram) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    func requireExtent(_ function: String) throws(SQLError) {
        if extentSensitive {
            throw SQLError(
                .featureNotSupported,
                "\(function) with alternation, non-greedy quantifiers or quantified groups is not supported",
                hint: "PostgreSQL chooses the longest match for these; this engine cannot match that faithfully.")
        }
    }

    func matches(_ text: String) -> Bool { text.contains(regex) }

    /// `regexp_replace`: `\1`..`\9` captures, `\&` the match, `\\` a backslash in `replacement`.
    func replace(_ text: String, _ replacement: String, global: Bool) -> String {
        let scalars = text.unicodeScalars
        var out = String.UnicodeScalarView()
        var last = scalars.startIndex
        let found = global ? text.matches(of: regex) : (text.firstMatch(of: regex).map { [$0] } ?? [])
        let template = Array(replacement.unicodeScalars)
        for match in found {
            out.append(contentsOf: scalars[last..<match.range.lowerBound])
            var index = 0
            while index < template.count {
                let scalar = template[index]
                index += 1
                guard scalar == "\\", index < template.count else {
                    out.append(scalar)
                    continue
                }
                let next = template[index]
                if let digit = Int(String(next)), next.isASCII {
                    index += 1
                    if digit < match.output.count, let range = match.output[digit].range {
                        out.append(contentsOf: scalars[range])
                    }
                } else if next == "&" {
                    index += 1
                    out.append(contentsOf: scalars[match.range])
                } else if next == "\\" {
                    index += 1
                    out.append("\\")
                } else {
                    out.append(scalar)
                }
            }
            last = match.range.upperBound
        }
        out.append(contentsOf: scalars[last...])
        return String(out)
    }

    /// `substring(text FROM pattern)`: the first capture group's text when the pattern has one, else the match.
    func substring(_ text: String) -> String? {
        guard let match = text.firstMatch(of: regex) else { return nil }
        let range: Range<String.Index>? = match.output.count > 1 ? match.output[1].range : match.range
        guard let range else { return nil }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars[range])
        return String(out)
    }
}
