/// PostgreSQL's LIKE / ILIKE: `%` any run, `_` one character (code point), the escape character (default
/// backslash) quotes the next one; ILIKE compares lower-cased text. Code points compare exactly, as PostgreSQL's
/// deterministic collations do: `é` and `e` + U+0301 differ.
enum Like {
    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case one
        case any
    }

    static func tokens(_ pattern: String, escape: Unicode.Scalar?) throws -> [Token] {
        var out: [Token] = []
        var iterator = pattern.unicodeScalars.makeIterator()
        while let character = iterator.next() {
            if let escape, character == escape {
                guard let next = iterator.next() else {
                    throw SQLError(
                        SQLState("22025"), "LIKE pattern must not end with escape character")
                }
                out.append(.literal(next))
            } else if character == "%" {
                if out.last != .any { out.append(.any) }
            } else if character == "_" {
                out.append(.one)
            } else {
                out.append(.literal(character))
            }
        }
        return out
    }

    static func matches(_ text: String, _ pattern: String, escape: Unicode.Scalar?, caseInsensitive: Bool) throws
        -> Bool
    {
        let subject = Array((caseInsensitive ? UnicodeCase.lower(text) : text).unicodeScalars)
        var compiled = try tokens(pattern, escape: escape)
        if caseInsensitive {
            compiled = compiled.map { token in
                if case let .literal(c) = token {
                    let lowered = Array(UnicodeCase.lower(String(c)).unicodeScalars)
                    return lowered.count == 1 ? .literal(lowered[0]) : token
                }
                return token
            }
        }
        // Iterative wildcard matching with backtracking to the last `%`.
        var s = 0
        var p = 0
        var star = -1
        var mark = 0
        while s < subject.count {
            if p < compiled.count, compiled[p] == .one || compiled[p] == .literal(subject[s]) {
                s += 1
                p += 1
            } else if p < compiled.count, compiled[p] == .any {
                star = p
                mark = s
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                s = mark
            } else {
                return false
            }
        }
        while p < compiled.count, compiled[p] == .any { p += 1 }
        return p == compiled.count
    }
}
