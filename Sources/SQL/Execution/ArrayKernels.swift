import Columnar

/// The array and row kernels (`ArrayFunction`) with PostgreSQL 15's semantics: 1-based subscripts, NULL out of
/// range, element comparisons where NULL equals NULL (`array_eq`), `array_append(NULL, x)` = `{x}`.
enum ArrayKernels {
    static func apply(_ operation: ArrayFunction, _ values: [Datum], _ arguments: [BoundExpression], _ type: SQLType)
        throws -> Datum
    {
        switch operation {
        case .construct:
            guard let element = type.elementType else { return .null }
            if element.isArray {
                let lengths = Set(
                    values.map { value -> Int in
                        guard case let .nested(.list(items)) = value else { return -1 }
                        return items.count
                    })
                guard lengths.count <= 1, !lengths.contains(-1) else {
                    throw SQLError(
                        SQLState("2202E"),
                        "multidimensional arrays must have array expressions with matching dimensions")
                }
            }
            return .nested(.list(values.map { $0.columnarValue(as: element) }))
        case .row:
            guard case let .record(fields) = type else { return .null }
            return .nested(.struct(zip(values, fields).map { $0.columnarValue(as: SQLType(field: $1)) }))
        case .append, .prepend, .cat:
            return concatenate(operation, values, arguments, type)
        case let .quantified(comparison, all):
            return quantified(comparison, all: all, values, arguments)
        case .position, .positions:
            return try position(operation == .positions, values, arguments, type)
        default:
            break
        }
        if operation == .toText {
            if values[0].isNull || values[1].isNull { return .null }
        } else if operation == .fromText {
            if values[0].isNull { return .null }
        } else if values.contains(where: \.isNull) {
            return .null
        }
        let arrayType = arguments.first?.type ?? type
        let items = list(values[0])
        switch operation {
        case .index:
            var current = values[0]
            var currentType = arrayType
            for index in values.dropFirst() {
                guard case let .nested(.list(elements)) = current, let element = currentType.elementType,
                    case let .int(i) = index, i >= 1, i <= elements.count
                else { return .null }
                current = Datum(elements[Int(i) - 1], type: element)
                currentType = element
            }
            return current
        case let .slice(hasLower, hasUpper):
            var lower: Int64 = 1
            var upper = Int64(items.count)
            var next = 1
            if hasLower, case let .int(l) = values[next] {
                lower = l
                next += 1
            }
            if hasUpper, case let .int(u) = values[next] { upper = u }
            lower = max(lower, 1)
            upper = min(upper, Int64(items.count))
            guard lower <= upper else { return .nested(.list([])) }
            return .nested(.list(Array(items[Int(lower - 1)..<Int(upper)])))
        case .mapGet:
            guard case let .nested(.map(entries)) = values[0], case let .map(keyField, valueField) = arrayType else {
                return .null
            }
            let (keyType, valueType) = (SQLType(field: keyField), SQLType(field: valueField))
            for entry in entries where Compare.order(Datum(entry.key, type: keyType), values[1]) == 0 {
                return Datum(entry.value, type: valueType)
            }
            return .null
        case .cardinality:
            return .int(Int64(cardinality(values[0])))
        case .length, .lower, .upper, .dimensions:
            let shape = dimensions(values[0])
            if operation == .dimensions { return shape.isEmpty ? .null : .int(Int64(shape.count)) }
            guard case let .int(dimension) = values[1], dimension >= 1, dimension <= shape.count else { return .null }
            if operation == .lower { return .int(1) }
            return .int(Int64(shape[Int(dimension) - 1]))
        case .remove, .replace:
            guard let element = arrayType.elementType else { return .null }
            if element.isArray {
                throw SQLError(.featureNotSupported, "removing elements from multidimensional arrays is not supported")
            }
            let target = values[1].columnarValue(as: element)
            if operation == .remove { return .nested(.list(items.filter { NestedOrder.order($0, target) != 0 })) }
            let replacement = values[2].columnarValue(as: element)
            return .nested(.list(items.map { NestedOrder.order($0, target) == 0 ? replacement : $0 }))
        case .toText:
            guard case let .text(separator) = values[1] else { return .null }
            let element = arrayType.arrayBase.element
            var nullText: String?
            if values.count > 2, case let .text(text) = values[2] { nullText = text }
            var parts: [String] = []
            for leaf in leaves(values[0]) {
                if let text = Datum(leaf, type: element).text(as: element) {
                    parts.append(text)
                } else if let nullText {
                    parts.append(nullText)
                }
            }
            return .text(parts.joined(separator: separator))
        case .fromText:
            guard case let .text(text) = values[0] else { return .null }
            var nullText: String?
            if values.count > 2, case let .text(null) = values[2] { nullText = null }
            let parts: [String]
            if text.isEmpty {
                parts = []
            } else if case let .text(separator) = values[1] {
                parts = separator.isEmpty ? [text] : TextBytes.split(text, by: separator)
            } else {
                parts = text.unicodeScalars.map { String($0) }
            }
            return .nested(.list(parts.map { $0 == nullText ? .null : .string($0) }))
        case .contains, .containedBy, .overlaps:
            let (a, b) = operation == .containedBy ? (values[1], values[0]) : (values[0], values[1])
            let left = leaves(a).filter { $0 != .null }
            let right = leaves(b)
            if operation == .overlaps {
                return .boolean(right.contains { r in r != .null && left.contains { NestedOrder.order($0, r) == 0 } })
            }
            return .boolean(right.allSatisfy { r in r != .null && left.contains { NestedOrder.order($0, r) == 0 } })
        default:
            throw SQLError(SQLState("XX000"), "array operation \(operation) reached the wrong kernel")
        }
    }

    static func list(_ datum: Datum) -> [Value] {
        if case let .nested(.list(items)) = datum { return items }
        return []
    }

    /// The elements of every level, in storage order (a multidimensional array's leaves).
    static func leaves(_ datum: Datum) -> [Value] {
        var out: [Value] = []
        func walk(_ items: [Value]) {
            for item in items {
                if case let .list(inner) = item { walk(inner) } else { out.append(item) }
            }
        }
        walk(list(datum))
        return out
    }

    static func cardinality(_ datum: Datum) -> Int {
        guard case let .nested(.list(items)) = datum else { return 0 }
        return items.reduce(0) { count, item in
            if case .list = item { return count + cardinality(.nested(item)) }
            return count + 1
        }
    }

    /// The length of each dimension (empty for an empty array, as PostgreSQL's zero-dimensional `{}`).
    static func dimensions(_ datum: Datum) -> [Int] {
        var shape: [Int] = []
        var current = datum
        while case let .nested(.list(items)) = current, !items.isEmpty {
            shape.append(items.count)
            guard let first = items.first, case .list = first else { break }
            current = .nested(first)
        }
        return shape
    }

    static func concatenate(
        _ operation: ArrayFunction, _ values: [Datum], _ arguments: [BoundExpression], _ type: SQLType
    )
        -> Datum
    {
        guard let element = type.elementType else { return .null }
        switch operation {
        case .append:
            if values[0].isNull && values[1].isNull && arguments[1].type.isArray { return .null }
            return .nested(.list(list(values[0]) + [values[1].columnarValue(as: element)]))
        case .prepend:
            if values[0].isNull && values[1].isNull && arguments[0].type.isArray { return .null }
            return .nested(.list([values[0].columnarValue(as: element)] + list(values[1])))
        default:
            if values[0].isNull && values[1].isNull { return .null }
            if values[0].isNull { return values[1] }
            if values[1].isNull { return values[0] }
            return .nested(.list(list(values[0]) + list(values[1])))
        }
    }

    static func quantified(_ comparison: ArrayComparison, all: Bool, _ values: [Datum], _ arguments: [BoundExpression])
        -> Datum
    {
        guard case let .nested(.list(items)) = values[1], let element = arguments[1].type.elementType else {
            return .null
        }
        if items.isEmpty { return .boolean(all) }
        if values[0].isNull { return .null }
        var sawNull = false
        for item in items {
            let candidate = Datum(item, type: element)
            if candidate.isNull {
                sawNull = true
                continue
            }
            let holds = comparison.holds(Compare.order(values[0], candidate))
            if holds != all { return .boolean(!all) }
        }
        return sawNull ? .null : .boolean(all)
    }

    static func position(_ every: Bool, _ values: [Datum], _ arguments: [BoundExpression], _ type: SQLType) throws
        -> Datum
    {
        guard case let .nested(.list(items)) = values[0], let element = arguments[0].type.elementType else {
            return .null
        }
        if element.isArray {
            throw SQLError(.featureNotSupported, "searching for elements in multidimensional arrays is not supported")
        }
        var start = 1
        if values.count > 2 {
            guard case let .int(first) = values[2] else {
                throw SQLError(SQLState("22004"), "initial position must not be null")
            }
            start = Int(clamping: max(first, 1))
        }
        var found: [Value] = []
        for (offset, item) in items.enumerated() where offset + 1 >= start {
            let candidate = Datum(item, type: element)
            let same =
                candidate.isNull || values[1].isNull
                ? candidate.isNull && values[1].isNull : Compare.order(candidate, values[1]) == 0
            guard same else { continue }
            if !every { return .int(Int64(offset + 1)) }
            found.append(.int(Int64(offset + 1)))
        }
        return every ? .nested(.list(found)) : .null
    }
}
