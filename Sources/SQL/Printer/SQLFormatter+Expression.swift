/// Expressions and type names. Compound expressions are always parenthesized, so precedence never matters
/// when the text is read back.
extension SQLFormatter {
    public func expression(_ expression: Expression) -> String {
        switch expression.kind {
        case let .literal(literal):
            return self.literal(literal)
        case let .typedLiteral(type, value):
            if case let .interval(fields, precision) = type.base, type.arrayBounds.isEmpty {
                if let fields {
                    var text = "INTERVAL " + Self.stringLiteral(value) + " " + fields.rawValue
                    if let precision, fields.endsInSecond { text += "(\(precision))" }
                    return text
                }
                return "INTERVAL" + (precision.map { "(\($0))" } ?? "") + " " + Self.stringLiteral(value)
            }
            return typeName(type) + " " + Self.stringLiteral(value)
        case let .column(parts):
            return parts.map(Self.identifier).joined(separator: ".")
        case let .star(qualifier):
            return (qualifier.map(Self.identifier) + ["*"]).joined(separator: ".")
        case let .parameter(number):
            return "$\(number)"
        case let .field(base, name):
            return "(" + self.expression(base) + ")." + Self.identifier(name)
        case let .subscripted(base, element):
            var text: String
            switch base.kind {
            case .column, .parameter: text = self.expression(base)
            default: text = "(" + self.expression(base) + ")"
            }
            switch element {
            case let .index(index): text += "[" + self.expression(index) + "]"
            case let .slice(lower, upper):
                text += "[" + (lower.map(self.expression) ?? "") + ":" + (upper.map(self.expression) ?? "") + "]"
            }
            return text
        case let .unary(op, operand):
            let symbol: String =
                switch op {
                case .plus: "+"
                case .minus: "-"
                case let .custom(symbol): symbol
                }
            return "(" + symbol + " " + self.expression(operand) + ")"
        case let .binary(op, left, right):
            return "(" + self.expression(left) + " " + op.symbol + " " + self.expression(right) + ")"
        case let .not(operand):
            return "(NOT " + self.expression(operand) + ")"
        case let .and(left, right):
            return "(" + self.expression(left) + " AND " + self.expression(right) + ")"
        case let .or(left, right):
            return "(" + self.expression(left) + " OR " + self.expression(right) + ")"
        case let .isNull(operand, negated):
            return "(" + self.expression(operand) + (negated ? " IS NOT NULL)" : " IS NULL)")
        case let .isTruth(operand, value, negated):
            return "(" + self.expression(operand) + (negated ? " IS NOT " : " IS ") + value.rawValue + ")"
        case let .isDistinctFrom(left, right, negated):
            return "(" + self.expression(left) + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                + self.expression(right) + ")"
        case let .between(operand, low, high, negated, symmetric):
            return "(" + self.expression(operand) + (negated ? " NOT" : "") + " BETWEEN "
                + (symmetric ? "SYMMETRIC " : "") + self.expression(low) + " AND " + self.expression(high) + ")"
        case let .inList(operand, items, negated):
            return "(" + self.expression(operand) + (negated ? " NOT IN (" : " IN (")
                + items.map(self.expression).joined(separator: ", ") + "))"
        case let .inSubquery(operand, query, negated):
            return "(" + self.expression(operand) + (negated ? " NOT IN (" : " IN (") + self.query(query) + "))"
        case let .like(operand, pattern, escape, caseInsensitive, negated):
            return "(" + self.expression(operand) + (negated ? " NOT" : "") + (caseInsensitive ? " ILIKE " : " LIKE ")
                + self.expression(pattern) + (escape.map { " ESCAPE " + self.expression($0) } ?? "") + ")"
        case let .similarTo(operand, pattern, escape, negated):
            return "(" + self.expression(operand) + (negated ? " NOT" : "") + " SIMILAR TO "
                + self.expression(pattern) + (escape.map { " ESCAPE " + self.expression($0) } ?? "") + ")"
        case let .quantified(operand, op, quantifier, source):
            let inner: String =
                switch source {
                case let .subquery(query): self.query(query)
                case let .array(array): self.expression(array)
                }
            return "(" + self.expression(operand) + " " + op.symbol + " " + quantifier.rawValue + " (" + inner + "))"
        case let .exists(query):
            return "EXISTS (" + self.query(query) + ")"
        case let .subquery(query):
            return "(" + self.query(query) + ")"
        case let .array(items):
            return "ARRAY[" + items.map(self.expression).joined(separator: ", ") + "]"
        case let .arraySubquery(query):
            return "ARRAY(" + self.query(query) + ")"
        case let .row(items, explicit):
            let list = items.map(self.expression).joined(separator: ", ")
            return explicit || items.count < 2 ? "ROW(" + list + ")" : "(" + list + ")"
        case let .cast(operand, type):
            return "CAST(" + self.expression(operand) + " AS " + typeName(type) + ")"
        case let .function(call):
            return function(call)
        case let .caseWhen(operand, branches, otherwise):
            var text = "CASE"
            if let operand { text += " " + self.expression(operand) }
            for branch in branches {
                text += " WHEN " + self.expression(branch.condition) + " THEN " + self.expression(branch.result)
            }
            if let otherwise { text += " ELSE " + self.expression(otherwise) }
            return text + " END"
        case let .conditional(function, arguments):
            return function.rawValue + "(" + arguments.map(self.expression).joined(separator: ", ") + ")"
        case let .grouping(arguments):
            return "GROUPING(" + arguments.map(self.expression).joined(separator: ", ") + ")"
        case let .extract(field, operand):
            return "EXTRACT(" + extractField(field) + " FROM " + self.expression(operand) + ")"
        case let .substring(operand, start, count):
            return "SUBSTRING(" + self.expression(operand) + (start.map { " FROM " + self.expression($0) } ?? "")
                + (count.map { " FOR " + self.expression($0) } ?? "") + ")"
        case let .substringSimilar(operand, pattern, escape):
            return "SUBSTRING(" + self.expression(operand) + " SIMILAR " + self.expression(pattern) + " ESCAPE "
                + self.expression(escape) + ")"
        case let .position(needle, haystack):
            return "POSITION(" + self.expression(needle) + " IN " + self.expression(haystack) + ")"
        case let .trim(side, characters, source):
            return "TRIM(" + side.rawValue + (characters.map { " " + self.expression($0) } ?? "") + " FROM "
                + self.expression(source) + ")"
        case let .overlay(operand, placing, start, count):
            return "OVERLAY(" + self.expression(operand) + " PLACING " + self.expression(placing) + " FROM "
                + self.expression(start) + (count.map { " FOR " + self.expression($0) } ?? "") + ")"
        case let .atTimeZone(operand, zone):
            return "(" + self.expression(operand) + " AT TIME ZONE " + self.expression(zone) + ")"
        case let .collate(operand, name):
            return "(" + self.expression(operand) + " COLLATE " + objectName(name) + ")"
        case let .valueFunction(function, precision):
            return function.rawValue + (precision.map { "(\($0))" } ?? "")
        case .defaultValue:
            return "DEFAULT"
        }
    }

    func literal(_ literal: Literal) -> String {
        switch literal {
        case .null: "NULL"
        case let .boolean(value): value ? "TRUE" : "FALSE"
        case let .integer(digits): digits
        case let .decimal(digits): digits
        case let .string(value): Self.stringLiteral(value)
        case let .bitString(digits, hex): (hex ? "X'" : "B'") + digits + "'"
        }
    }

    /// EXTRACT's field: a bare word when it reads back the same, else a string constant.
    func extractField(_ field: String) -> String {
        guard Self.isPlainWord(field) else { return Self.stringLiteral(field) }
        if let keyword = SQLKeyword.lookup(field) {
            switch keyword {
            case .year, .month, .day, .hour, .minute, .second: return field
            default: return Self.stringLiteral(field)
            }
        }
        return field
    }

    func function(_ call: FunctionCall) -> String {
        var text = objectName(call.name) + "("
        if call.star {
            text += "*"
        } else {
            if call.distinct { text += "DISTINCT " }
            text += call.arguments.map(expression).joined(separator: ", ")
            if !call.orderBy.isEmpty { text += " ORDER BY " + orderList(call.orderBy) }
        }
        text += ")"
        if !call.withinGroup.isEmpty { text += " WITHIN GROUP (ORDER BY " + orderList(call.withinGroup) + ")" }
        if let filter = call.filter { text += " FILTER (WHERE " + expression(filter) + ")" }
        if let nulls = call.nulls { text += " " + nulls.rawValue }
        if let over = call.over { text += " OVER " + windowSpecification(over) }
        return text
    }

    public func typeName(_ type: TypeName) -> String {
        var text: String
        switch type.base {
        case .boolean: text = "BOOLEAN"
        case .smallint: text = "SMALLINT"
        case .integer: text = "INTEGER"
        case .bigint: text = "BIGINT"
        case .real: text = "REAL"
        case .doublePrecision: text = "DOUBLE PRECISION"
        case let .numeric(precision, scale):
            text = "NUMERIC"
            if let precision { text += "(\(precision)" + (scale.map { ", \($0)" } ?? "") + ")" }
        case .text: text = "text"
        case let .varchar(length): text = "VARCHAR" + (length.map { "(\($0))" } ?? "")
        case let .char(length): text = "CHAR" + (length.map { "(\($0))" } ?? "")
        case .bytea: text = "bytea"
        case .date: text = "date"
        case let .time(precision, withTimeZone):
            text = "TIME" + (precision.map { "(\($0))" } ?? "") + (withTimeZone ? " WITH TIME ZONE" : "")
        case let .timestamp(precision, withTimeZone):
            text = "TIMESTAMP" + (precision.map { "(\($0))" } ?? "") + (withTimeZone ? " WITH TIME ZONE" : "")
        case let .interval(fields, precision):
            text = "INTERVAL"
            if let fields {
                text += " " + fields.rawValue
                if let precision, fields.endsInSecond { text += "(\(precision))" }
            } else if let precision {
                text += "(\(precision))"
            }
        case .json: text = "json"
        case .jsonb: text = "jsonb"
        case let .named(name, modifiers):
            text = objectName(name)
            if !modifiers.isEmpty { text += "(" + modifiers.map { "\($0)" }.joined(separator: ", ") + ")" }
        }
        for bound in type.arrayBounds { text += "[" + (bound.map { "\($0)" } ?? "") + "]" }
        return text
    }
}
