/// Kernels of `RegexFunction`: the plan's compiled program for constant patterns, else one compiled per row.
enum RegexKernels {
    static func apply(_ function: RegexFunction, _ values: [Datum]) throws -> Datum {
        func text(_ i: Int) -> String { if case let .text(t) = values[i] { t } else { "" } }
        func flags(_ i: Int, global: Bool, _ name: String) throws -> RegexFlags {
            try RegexFlags(values.count > i ? text(i) : "", allowGlobal: global, function: name)
        }
        switch function {
        case let .match(caseInsensitive, negated, program):
            let compiled = try program ?? RegexProgram(pattern: text(1), caseInsensitive: caseInsensitive)
            return .boolean(compiled.matches(text(0)) != negated)
        case let .similar(negated, program):
            var compiled = program
            if compiled == nil {
                let escape = values.count == 3 ? try similarEscape(text(2)) : .some("\\")
                compiled = try RegexProgram(pattern: text(1), caseInsensitive: false, similarEscape: escape)
            }
            return .boolean((compiled?.matches(text(0)) ?? false) != negated)
        case let .like(program):
            let options = try flags(2, global: false, "regexp_like")
            let compiled = try program ?? RegexProgram(pattern: text(1), caseInsensitive: options.caseInsensitive)
            return .boolean(compiled.matches(text(0)))
        case let .replace(program):
            let options = try flags(3, global: true, "regexp_replace")
            let compiled = try program ?? RegexProgram(pattern: text(1), caseInsensitive: options.caseInsensitive)
            try compiled.requireExtent("regexp_replace")
            return .text(compiled.replace(text(0), text(2), global: options.global))
        case let .substring(program):
            let compiled = try program ?? RegexProgram(pattern: text(1), caseInsensitive: false)
            try compiled.requireExtent("substring")
            return compiled.substring(text(0)).map { .text($0) } ?? .null
        case .firstMatch, .split, .count, .substr, .instr:
            return try applyMatches(function, values)
        }
    }

    /// The escape of `SIMILAR TO ... ESCAPE e`: one character, or none for an empty string.
    static func similarEscape(_ text: String) throws(SQLError) -> Unicode.Scalar? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= 1 else {
            throw SQLError(
                SQLState("22025"), "invalid escape string", hint: "Escape string must be empty or one character.")
        }
        return scalars.first
    }
}
