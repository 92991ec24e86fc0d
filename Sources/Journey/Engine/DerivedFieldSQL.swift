/// Compiles a derived field's function to one SQL expression of the Query Service engine (PostgreSQL's dialect),
/// so the engine evaluates it batch by batch in the load query. Inputs come as text expressions from `text` (the
/// field resolver); every literal goes through `EventFields.literal`. The expression's value is text (or null).
struct DerivedFieldSQL {
    /// A field reference as a text SQL expression (`CAST(("web")."webPageDetails"."URL" AS TEXT)`).
    let text: (String) throws(JourneyError) -> String
    /// A field reference as a SQL expression of its own type, for numeric comparisons.
    let value: (String) throws(JourneyError) -> String

    func expression(_ function: DerivedFunction) throws(JourneyError) -> String {
        switch function {
        case let .caseWhen(rules, otherwise):
            var parts = ["CASE"]
            for rule in rules {
                let conditions = try rule.conditions.map { condition throws(JourneyError) in
                    try self.condition(condition)
                }
                let joiner = rule.match == .any ? " OR " : " AND "
                parts.append("WHEN (\(conditions.joined(separator: joiner))) THEN \(try input(rule.result))")
            }
            parts.append("ELSE \(try otherwise.map { value throws(JourneyError) in try input(value) } ?? "NULL")")
            parts.append("END")
            return "(" + parts.joined(separator: " ") + ")"
        case let .concatenate(values, delimiter):
            let inputs = try values.map { value throws(JourneyError) in try input(value) }
            return "nullif(concat_ws(\(EventFields.literal(delimiter)), \(inputs.joined(separator: ", "))), '')"
        case let .regexReplace(input, pattern, replacement):
            return
                "regexp_replace(\(try self.input(input)), \(EventFields.literal(pattern)), "
                + "\(EventFields.literal(Self.replacement(replacement))), 'g')"
        case let .urlParse(input, component, parameter):
            let pattern = Self.urlPattern(component, parameter: parameter ?? "")
            return "nullif(substring(\(try self.input(input)) FROM \(EventFields.literal(pattern))), '')"
        case let .lookup(input, map, defaultValue):
            let subject = try self.input(input)
            guard !map.isEmpty else { return defaultValue.map(EventFields.literal) ?? "CAST(NULL AS TEXT)" }
            let cases = map.keys.sorted().map { key in
                "WHEN \(EventFields.literal(key)) THEN \(EventFields.literal(map[key] ?? ""))"
            }
            let fallback = defaultValue.map(EventFields.literal) ?? "NULL"
            return "(CASE \(subject) \(cases.joined(separator: " ")) ELSE \(fallback) END)"
        case let .split(input, delimiter, index, fromRight):
            let position = fromRight == true ? -index : index
            return "nullif(split_part(\(try self.input(input)), \(EventFields.literal(delimiter)), \(position)), '')"
        case let .lowercase(input):
            return "lower(\(try self.input(input)))"
        case let .trim(input):
            return "btrim(\(try self.input(input)))"
        case let .findReplace(input, find, replacement):
            return
                "replace(\(try self.input(input)), \(EventFields.literal(find)), \(EventFields.literal(replacement)))"
        }
    }

    func input(_ value: DerivedValue) throws(JourneyError) -> String {
        if let field = value.field { return try text(field) }
        return value.value.map(EventFields.literal) ?? "CAST(NULL AS TEXT)"
    }

    /// One condition as a boolean SQL expression (null when the field is null, so the rule does not hold).
    func condition(_ condition: CaseCondition) throws(JourneyError) -> String {
        let operand = condition.value ?? ""
        let literal = EventFields.literal(operand)
        switch condition.operator {
        case .exists: return "(\(try text(condition.field)) IS NOT NULL)"
        case .notExists: return "(\(try text(condition.field)) IS NULL)"
        case .equals: return "(\(try text(condition.field)) = \(literal))"
        case .notEquals: return "(\(try text(condition.field)) <> \(literal))"
        case .contains: return "(strpos(\(try text(condition.field)), \(literal)) > 0)"
        case .notContains: return "(strpos(\(try text(condition.field)), \(literal)) = 0)"
        case .startsWith: return "(left(\(try text(condition.field)), \(operand.unicodeScalars.count)) = \(literal))"
        case .endsWith: return "(right(\(try text(condition.field)), \(operand.unicodeScalars.count)) = \(literal))"
        case .matchesRegex: return "(\(try text(condition.field)) ~ \(literal))"
        case .greaterThan, .greaterThanOrEqual, .lessThan, .lessThanOrEqual:
            let symbol =
                switch condition.operator {
                case .greaterThan: ">"
                case .greaterThanOrEqual: ">="
                case .lessThan: "<"
                default: "<="
                }
            let number = Double(operand).map { String($0) } ?? "NULL"
            return "(CAST(\(try value(condition.field)) AS DOUBLE PRECISION) \(symbol) \(number))"
        }
    }

    /// CJA's output format (`$1` for the first group) in PostgreSQL's replacement syntax (`\1`); a backslash
    /// stays a backslash.
    static func replacement(_ format: String) -> String {
        var result = ""
        var characters = format.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "\\" {
                result += "\\\\"
            } else if character == "$", let digit = pending, digit.isASCII, digit.isNumber, digit != "0" {
                result += "\\" + String(digit)
                pending = characters.next()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The pattern whose first group is the URL part (`substring(x FROM pattern)` gives the group).
    static func urlPattern(_ component: DerivedFunction.URLComponent, parameter: String) -> String {
        let scheme = "[A-Za-z][A-Za-z0-9+.-]*"
        switch component {
        case .protocol: return "^(\(scheme))://"
        case .host: return "^\(scheme)://([^/?#:]*)"
        case .path: return "^\(scheme)://[^/?#]*([^?#]*)"
        case .queryParameter: return "[?&]\(regexEscaped(parameter))=([^&#]*)"
        case .hash: return "#(.*)$"
        }
    }

    /// `text` with the regular expression metacharacters escaped, so it matches itself.
    static func regexEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
