/// State of expression binding within one clause: where aggregates may appear and the ones found so far.
struct ExpressionContext {
    /// Aggregates found, by index (the `.aggregate(i)` placeholders).
    var aggregates: [BoundAggregate] = []
    /// nil when aggregates are allowed; otherwise the clause name for PostgreSQL's error.
    var aggregatesForbiddenIn: String?
    var insideAggregate = false
    /// Window function calls found, by index (the `.window(i)` placeholders).
    var windows: [BoundWindowFunction] = []
    /// The clause where window functions are refused, when it differs from `aggregatesForbiddenIn`.
    var windowsForbiddenIn: String?
    var insideWindow = false
    /// The SELECT's `WINDOW` clause, resolved (name -> specification).
    var namedWindows: [(name: Identifier, specification: WindowSpecification)] = []

    /// The placeholder index of `aggregate`: an equal aggregate found before shares its index.
    mutating func index(of aggregate: BoundAggregate) -> Int {
        if let existing = aggregates.firstIndex(of: aggregate) { return existing }
        aggregates.append(aggregate)
        return aggregates.count - 1
    }
}

extension Binder {
    static func unsupported(_ what: String, _ position: SourcePosition) -> SQLError {
        SQLError(.featureNotSupported, "\(what) is not supported", position: position.reported)
    }

    func bind(_ expression: Expression, _ scope: Scope, _ context: inout ExpressionContext) throws -> BoundExpression {
        let position = expression.position
        switch expression.kind {
        case let .literal(literal):
            return try bindLiteral(literal, position)
        case let .typedLiteral(typeName, text):
            let type = try resolveType(typeName)
            return BoundExpression(.literal(try Cast.fromText(text, to: type)), type, at: position)
        case let .column(names):
            do {
                return try scope.resolve(names, at: position)
            } catch let error as SQLError where error.state == .undefinedColumn && !outer.isEmpty {
                if let found = try resolveOuter(names, at: position) { return found }
                throw error
            }
        case .star:
            throw SQLError(.syntaxError, "\"*\" is not allowed here", position: position.reported)
        case let .parameter(number):
            return try bindParameter(number, at: position)
        case let .field(base, name):
            let bound = try bind(base, scope, &context)
            return try scope.fields([name], of: bound, at: position)
        case let .unary(op, operand):
            return try bindUnary(op, operand, position, scope, &context)
        case let .binary(op, left, right):
            if let rows = try bindRowComparison(op, left, right, position, scope, &context) { return rows }
            let l = objectIdentifierOperand(op, try bind(left, scope, &context))
            let r = objectIdentifierOperand(op, try bind(right, scope, &context))
            return try Operators.binary(op, l, r, at: position)
        case let .not(operand):
            let bound = try Operators.boolean(try bind(operand, scope, &context), "NOT")
            return BoundExpression(.not(bound), .boolean, at: position)
        case let .and(left, right):
            let l = try Operators.boolean(try bind(left, scope, &context), "AND")
            let r = try Operators.boolean(try bind(right, scope, &context), "AND")
            return BoundExpression(.and([l, r]), .boolean, at: position)
        case let .or(left, right):
            let l = try Operators.boolean(try bind(left, scope, &context), "OR")
            let r = try Operators.boolean(try bind(right, scope, &context), "OR")
            return BoundExpression(.or([l, r]), .boolean, at: position)
        case let .isNull(operand, negated):
            if let row = try bindRowIsNull(operand, negated: negated, position, scope, &context) { return row }
            return BoundExpression(
                .isNull(try bind(operand, scope, &context), negated: negated), .boolean, at: position)
        case let .isTruth(operand, truth, negated):
            let bound = try Operators.boolean(try bind(operand, scope, &context), "IS \(truth.rawValue)")
            if truth == .unknown { return BoundExpression(.isNull(bound, negated: negated), .boolean, at: position) }
            let constant = BoundExpression.literal(.boolean(truth == .true), .boolean)
            return BoundExpression(.isDistinct(bound, constant, negated: !negated), .boolean, at: position)
        case let .isDistinctFrom(left, right, negated):
            let (l, r) = try Operators.comparable(
                try bind(left, scope, &context), try bind(right, scope, &context), symbol: "=", at: position)
            return BoundExpression(.isDistinct(l, r, negated: negated), .boolean, at: position)
        case let .between(operand, low, high, negated, symmetric):
            let value = try bind(operand, scope, &context)
            let lower = try bind(low, scope, &context)
            let upper = try bind(high, scope, &context)
            var result = BoundExpression(
                .and([
                    try Operators.binary(.greaterOrEqual, value, lower, at: position),
                    try Operators.binary(.lessOrEqual, value, upper, at: position),
                ]), .boolean, at: position)
            if symmetric {
                let swapped = BoundExpression(
                    .and([
                        try Operators.binary(.greaterOrEqual, value, upper, at: position),
                        try Operators.binary(.lessOrEqual, value, lower, at: position),
                    ]), .boolean, at: position)
                result = BoundExpression(.or([result, swapped]), .boolean, at: position)
            }
            return negated ? BoundExpression(.not(result), .boolean, at: position) : result
        case let .inList(operand, list, negated):
            let value = try bind(operand, scope, &context)
            let items = try list.map { try bind($0, scope, &context) }
            let type = try Coercion.common([value.type] + items.map(\.type), context: "IN")
            try Operators.requireComparable(type, at: position)
            return BoundExpression(
                .inList(
                    try Operators.comparedAs(value, type), try items.map { try Operators.comparedAs($0, type) },
                    negated: negated), .boolean, at: position)
        case let .like(operand, pattern, escape, caseInsensitive, negated):
            let value = try Operators.text(try bind(operand, scope, &context), caseInsensitive ? "~~*" : "~~")
            let patternBound = try Operators.text(try bind(pattern, scope, &context), caseInsensitive ? "~~*" : "~~")
            let escapeBound = try escape.map { try Operators.text(try bind($0, scope, &context), "ESCAPE") }
            return BoundExpression(
                .like(
                    value, pattern: patternBound, escape: escapeBound, caseInsensitive: caseInsensitive,
                    negated: negated), .boolean, at: position)
        case let .caseWhen(operand, branches, otherwise):
            return try bindCase(operand, branches, otherwise, position, scope, &context)
        case let .cast(operand, typeName):
            if let empty = try bindEmptyArrayCast(operand, typeName, position) { return empty }
            let bound = try bind(operand, scope, &context)
            if let identifier = try objectIdentifierCast(bound, typeName, at: position) { return identifier }
            return try Operators.explicitCast(bound, to: try resolveType(typeName), at: position)
        case let .function(call):
            return try bindFunction(call, position, scope, &context)
        case let .conditional(function, arguments):
            var bound = try arguments.map { try bind($0, scope, &context) }
            if function == .coalesce { bound = objectIdentifierArguments(bound) }
            if Binder.objectIdentifierKinds(bound[...]).contains(where: { $0 != nil }) {
                throw Binder.unsupported("\(function.rawValue) of reg* values", position)
            }
            return try Operators.conditional(function, bound, at: position)
        case let .extract(field, source):
            let bound = try bind(source, scope, &context)
            return try Functions.extract(field, bound, asDouble: false, at: position)
        case let .substring(source, from, count):
            var arguments = [try bind(source, scope, &context)]
            arguments.append(try from.map { try bind($0, scope, &context) } ?? .literal(.int(1), .integer))
            if let count { arguments.append(try bind(count, scope, &context)) }
            return try Functions.scalar("substring", arguments, at: position)
        case let .position(needle, haystack):
            let arguments = [try bind(haystack, scope, &context), try bind(needle, scope, &context)]
            return try Functions.scalar("strpos", arguments, at: position)
        case let .trim(side, characters, source):
            var arguments = [try bind(source, scope, &context)]
            if let characters { arguments.append(try bind(characters, scope, &context)) }
            let name = side == .both ? "btrim" : (side == .leading ? "ltrim" : "rtrim")
            return try Functions.scalar(name, arguments, at: position)
        case .inSubquery, .exists, .subquery, .arraySubquery, .quantified:
            return try bindSubqueryExpression(expression, scope, &context)
        case let .array(items):
            return try bindArray(items, position, scope, &context)
        case .subscripted:
            return try bindSubscripts(expression, scope, &context)
        case let .row(items, _):
            return try bindRow(items, position, scope, &context)
        case let .grouping(arguments):
            return try bindGrouping(arguments, position, scope, &context)
        case let .similarTo(value, pattern, escape, negated):
            return try Functions.similar(
                try bind(value, scope, &context), try bind(pattern, scope, &context),
                escape: try escape.map { try bind($0, scope, &context) }, negated: negated, at: position)
        case .substringSimilar:
            throw Binder.unsupported("substring(... SIMILAR ... ESCAPE ...)", position)
        case let .overlay(value, placing, start, count):
            let arguments = try [value, placing, start].map { try bind($0, scope, &context) }
            let length = try count.map { try bind($0, scope, &context) }
            return try Functions.scalar("overlay", arguments + (length.map { [$0] } ?? []), at: position)
        case let .atTimeZone(value, zone):
            let boundValue = try bind(value, scope, &context)
            let boundZone = try bind(zone, scope, &context)
            return try DateTimeBinding.atTimeZone(boundValue, boundZone, at: position)
        case let .collate(operand, collation):
            return try bindCollate(try bind(operand, scope, &context), collation, at: position)
        case let .valueFunction(function, precision):
            if precision == nil, let value = catalogValueFunction(function, at: position) { return value }
            return try DateTimeBinding.valueFunction(function, precision: precision, at: position)
        case .defaultValue:
            throw SQLError(.syntaxError, "DEFAULT is not allowed in this context", position: position.reported)
        }
    }

    func bindLiteral(_ literal: Literal, _ position: SourcePosition) throws -> BoundExpression {
        switch literal {
        case .null:
            return BoundExpression(.literal(.null), .unknown, at: position)
        case let .boolean(value):
            return BoundExpression(.literal(.boolean(value)), .boolean, at: position)
        case let .integer(digits):
            return try Binder.integerLiteral(digits, negative: false, position)
        case let .decimal(text):
            guard let value = SQLNumeric.parse(Substring(text)) else {
                return Binder.wideNumericLiteral(text, position)
            }
            return BoundExpression(.literal(.numeric(value)), .anyNumeric, at: position)
        case let .string(text):
            return BoundExpression(.literal(.text(text)), .unknown, at: position)
        case .bitString:
            throw Binder.unsupported("bit strings", position)
        }
    }

    /// PostgreSQL's typing of an integer constant: int4 if it fits, else int8, else numeric.
    static func integerLiteral(_ digits: String, negative: Bool, _ position: SourcePosition) throws -> BoundExpression {
        let text = (negative ? "-" : "") + digits
        if let value = Int64(text) {
            let type: SQLType = Int32(exactly: value) != nil ? .integer : .bigint
            return BoundExpression(.literal(.int(value)), type, at: position)
        }
        guard let value = SQLNumeric.parse(Substring(text)) else { return wideNumericLiteral(text, position) }
        return BoundExpression(.literal(.numeric(value)), .anyNumeric, at: position)
    }

    func bindUnary(
        _ op: UnaryOperator, _ operand: Expression, _ position: SourcePosition, _ scope: Scope,
        _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        switch op {
        case .plus:
            let bound = try bind(operand, scope, &context)
            guard bound.type.isNumeric else {
                throw SQLError(
                    .undefinedFunction, "operator does not exist: + \(bound.type)", position: position.reported)
            }
            return bound
        case .minus:
            // PostgreSQL's grammar folds signs into numeric constants (`doNegate`), however many there are.
            var inner = operand
            var negative = true
            while case let .unary(.minus, next) = inner.kind {
                negative.toggle()
                inner = next
            }
            if case let .literal(.integer(digits)) = inner.kind {
                return try Binder.integerLiteral(digits, negative: negative, position)
            }
            if case let .literal(.decimal(text)) = inner.kind, let value = SQLNumeric.parse(Substring(text)) {
                let signed = SQLNumeric(unscaled: negative ? -value.unscaled : value.unscaled, scale: value.scale)
                return BoundExpression(.literal(.numeric(signed)), .anyNumeric, at: position)
            }
            var bound = try bind(operand, scope, &context)
            if bound.type == .unknown { bound = try Operators.coerce(bound, to: .double) }
            guard bound.type.isNumeric || bound.type == .interval else {
                throw SQLError(
                    .undefinedFunction, "operator does not exist: - \(bound.type)", position: position.reported)
            }
            return BoundExpression(.function(.negate, [bound]), bound.type, at: position)
        case let .custom(symbol):
            throw Binder.unsupported("prefix operator \(symbol)", position)
        }
    }

    func bindCase(
        _ operand: Expression?, _ branches: [CaseBranch], _ otherwise: Expression?, _ position: SourcePosition,
        _ scope: Scope, _ context: inout ExpressionContext
    ) throws -> BoundExpression {
        let subject = try operand.map { try bind($0, scope, &context) }
        var conditions: [BoundExpression] = []
        var results: [BoundExpression] = []
        for branch in branches {
            let value = try bind(branch.condition, scope, &context)
            if let subject {
                conditions.append(try Operators.binary(.equal, subject, value, at: branch.condition.position))
            } else {
                conditions.append(try Operators.boolean(value, "CASE/WHEN"))
            }
            results.append(contentsOf: objectIdentifierArguments([try bind(branch.result, scope, &context)]))
        }
        let elseResult = try otherwise.map { objectIdentifierArguments([try bind($0, scope, &context)])[0] }
        let type = try Coercion.common(results.map(\.type) + (elseResult.map { [$0.type] } ?? []), context: "CASE")
        return BoundExpression(
            .caseWhen(
                conditions, try results.map { try Operators.coerce($0, to: type) },
                otherwise: try elseResult.map { try Operators.coerce($0, to: type) }), type, at: position)
    }

    func resolveType(_ name: TypeName) throws -> SQLType {
        guard name.arrayBounds.isEmpty else { return try resolveArrayType(name) }
        switch name.base {
        case .boolean: return .boolean
        case .integer: return .integer
        case .bigint: return .bigint
        case .smallint: return .smallint
        case .real: return .real
        case .doublePrecision: return .double
        case let .numeric(precision, scale):
            guard let precision else { return .anyNumeric }
            guard (1...38).contains(precision), (0...precision).contains(scale ?? 0) else {
                throw SQLError(
                    .featureNotSupported, "numeric precision \(precision) must be between 1 and 38 here",
                    position: name.position.reported)
            }
            return .numeric(precision: precision, scale: scale ?? 0)
        case .text: return .text
        case let .varchar(length): return .varchar(length: try characterLength(length, name))
        case let .char(length): return .bpchar(length: try characterLength(length ?? 1, name))
        case .bytea: return .bytea
        case .date: return .date
        case let .timestamp(precision, withTimeZone):
            guard precision == nil else { throw Binder.unsupported("timestamp precision", name.position) }
            return .timestamp(withTimeZone: withTimeZone)
        case let .time(precision, withTimeZone):
            guard !withTimeZone else { throw Binder.unsupported("type time with time zone", name.position) }
            guard precision == nil else { throw Binder.unsupported("time precision", name.position) }
            return .time
        case let .interval(fields, precision):
            guard fields == nil, precision == nil else {
                throw Binder.unsupported("interval fields and precision", name.position)
            }
            return .interval
        case .json: return .json
        case .jsonb: throw Binder.unsupported("type jsonb", name.position)
        case let .named(objectName, modifiers):
            if let type = try resolveCatalogTypeName(objectName, modifiers, at: name.position) { return type }
            let text = objectName.description.lowercased()
            switch text {
            case "int2": return .smallint
            case "int4": return .integer
            case "bpchar": return .bpchar(length: nil)
            case "int8": return .bigint
            case "float4": return .real
            case "float8": return .double
            case "bool": return .boolean
            case "string": return .text
            default:
                throw SQLError(
                    .undefinedObject, "type \"\(objectName)\" does not exist", position: name.position.reported)
            }
        }
    }
}
