import Columnar

/// Evaluates bound expressions a chunk at a time: column references, literals, struct fields, comparisons,
/// AND/OR/NOT, IS [NOT] NULL, integer and float `+ - *` and numeric casts run as typed kernels
/// (`VectorKernels`) without making datums; every other node evaluates row by row (`Evaluator.value`) over its
/// operands' vectors, so the kernels stay behind the same entry points as the row-wise code.
///
/// Evaluation order keeps PostgreSQL's (and the row-wise evaluator's) errors: AND/OR stop at a decided row, so
/// their later operands run as kernels only when they cannot fail; a node with two operands that can fail runs
/// row by row, so the first failing row reports its error.
enum VectorEvaluator {
    static func evaluate(_ e: BoundExpression, _ chunk: Chunk) throws -> Vector {
        let count = chunk.count
        switch e.kind {
        case let .column(index): return chunk.vectors[index]
        case let .literal(datum): return .constant(datum, count: count)
        case let .field(operand, index):
            let base = try evaluate(operand, chunk)
            if case let .typed(typed) = base, case let .struct(children) = typed.column.storage, index < children.count
            {
                let column = field(typed.column, children[index])
                return .typed(TypedVector(column: column, type: e.type, selection: typed.selection))
            }
            return try rowwise(e, operands: [operand], [base], count)
        case let .function(function, arguments):
            if let vector = try call(e, function, arguments, chunk) { return vector }
        case let .and(parts), let .or(parts):
            if parts.count > 1, parts.dropFirst().allSatisfy(infallible), let vector = try logic(e, parts, chunk) {
                return vector
            }
        case let .not(operand):
            if let words = VectorValues.bools(try evaluate(operand, chunk)) {
                return VectorValues.vector(VectorKernels.not(words), count: count)
            }
        case let .isNull(operand, negated):
            let validity = VectorValues.validity(try evaluate(operand, chunk))
            return VectorValues.vector(VectorKernels.isNull(validity, negated: negated, count), count: count)
        case let .cast(operand):
            if let vector = try cast(operand, to: e.type, chunk) { return vector }
        default: break
        }
        return try fallback(e, chunk)
    }

    /// The rows of the chunk where `predicate` is true.
    static func select(_ predicate: BoundExpression, _ chunk: Chunk) throws -> [Int] {
        let vector = try evaluate(predicate, chunk)
        if let words = VectorValues.bools(vector) { return VectorValues.selection(words, count: chunk.count) }
        var selected: [Int] = []
        for row in 0..<chunk.count {
            if case .boolean(true) = vector[row] { selected.append(row) }
        }
        return selected
    }

    /// A struct's child with the struct's NULLs.
    static func field(_ parent: Column, _ child: Column) -> Column {
        guard let parentValidity = parent.validity else { return child }
        var column = child
        if let childValidity = child.validity {
            column.validity = Bitmap(
                words: zip(parentValidity.words, childValidity.words).map { $0 & $1 }, count: child.count)
        } else {
            column.validity = parentValidity
        }
        return column
    }

    /// Whether evaluating `e` can raise an error (a kernel that cannot is safe to run on rows a short-circuit
    /// would skip).
    static func infallible(_ e: BoundExpression) -> Bool {
        switch e.kind {
        case .column, .literal: return true
        case let .field(operand, _), let .not(operand), let .isNull(operand, _): return infallible(operand)
        case let .and(parts), let .or(parts): return parts.allSatisfy(infallible)
        case let .isDistinct(a, b, _): return infallible(a) && infallible(b)
        case let .function(function, arguments):
            return ComparisonOperator(function) != nil && arguments.allSatisfy(infallible)
        case let .cast(operand):
            let widening =
                operand.type == e.type || (operand.type == .integer && (e.type == .bigint || e.type.isFloat))
                || (operand.type == .bigint && e.type.isFloat) || (operand.type == .real && e.type == .double)
            return widening && infallible(operand)
        default: return false
        }
    }

    // MARK: - Kernels

    static func call(_ e: BoundExpression, _ function: ScalarFunction, _ arguments: [BoundExpression], _ chunk: Chunk)
        throws -> Vector?
    {
        guard arguments.count == 2, arguments.filter({ !infallible($0) }).count <= 1 else { return nil }
        let (left, right) = (arguments[0], arguments[1])
        let count = chunk.count
        if let op = ComparisonOperator(function) {
            if case let .decimal(scale) = KernelKind(left.type) {
                // numeric(p, s) against a constant of at most s digits after the point: unscaled integers.
                guard case let .literal(.numeric(constant)) = right.kind, constant.scale <= scale,
                    let unscaled = try? constant.rescaled(to: scale).unscaled,
                    let a = VectorValues.decimals(try evaluate(left, chunk))
                else { return nil }
                return VectorValues.vector(VectorKernels.compare(op, a, unscaled, count), count: count)
            }
            guard let kind = KernelKind(left.type), kind == KernelKind(right.type) else { return nil }
            if kind == .text {
                if case let .literal(.text(constant)) = right.kind, let a = VectorValues.text(try evaluate(left, chunk))
                {
                    return VectorValues.vector(VectorKernels.compare(op, a, Array(constant.utf8)), count: count)
                }
                if case let .literal(.text(constant)) = left.kind, let b = VectorValues.text(try evaluate(right, chunk))
                {
                    return VectorValues.vector(VectorKernels.compare(op.swapped, b, Array(constant.utf8)), count: count)
                }
                let (x, y) = (try evaluate(left, chunk), try evaluate(right, chunk))
                if let a = VectorValues.text(x), let b = VectorValues.text(y) {
                    return VectorValues.vector(VectorKernels.compare(op, a, b), count: count)
                }
                return try rowwise(e, operands: arguments, [x, y], count)
            }
            let (x, y) = (try evaluate(left, chunk), try evaluate(right, chunk))
            if kind == .float, let a = VectorValues.doubles(x), let b = VectorValues.doubles(y) {
                return VectorValues.vector(VectorKernels.compare(op, a, b, count), count: count)
            }
            if case .integer = kind, let a = VectorValues.ints(x), let b = VectorValues.ints(y) {
                return VectorValues.vector(VectorKernels.compare(op, a, b, count), count: count)
            }
            return try rowwise(e, operands: arguments, [x, y], count)
        }
        guard function == .add || function == .subtract || function == .multiply else { return nil }
        // smallint (int2) results go row by row, where its own range is checked.
        if left.type.isInteger, right.type.isInteger, e.type == .integer || e.type == .bigint {
            let (x, y) = (try evaluate(left, chunk), try evaluate(right, chunk))
            guard let a = VectorValues.ints(x), let b = VectorValues.ints(y) else {
                return try rowwise(e, operands: arguments, [x, y], count)
            }
            return try VectorKernels.arithmetic(function, a, b, e.type, count)
        }
        if left.type.isFloat, right.type.isFloat, e.type.isFloat {
            let (x, y) = (try evaluate(left, chunk), try evaluate(right, chunk))
            guard let a = VectorValues.doubles(x), let b = VectorValues.doubles(y) else {
                return try rowwise(e, operands: arguments, [x, y], count)
            }
            return try VectorKernels.arithmetic(function, a, b, e.type, count)
        }
        return nil
    }

    static func logic(_ e: BoundExpression, _ parts: [BoundExpression], _ chunk: Chunk) throws -> Vector? {
        let isAnd = if case .and = e.kind { true } else { false }
        var result: BoolWords?
        for part in parts {
            guard let words = VectorValues.bools(try evaluate(part, chunk)) else { return nil }
            guard let current = result else {
                result = words
                continue
            }
            result = isAnd ? VectorKernels.and(current, words) : VectorKernels.or(current, words)
        }
        return result.map { VectorValues.vector($0, count: chunk.count) }
    }

    /// Casts between integer widths and from integers and `real` to floats.
    static func cast(_ operand: BoundExpression, to type: SQLType, _ chunk: Chunk) throws -> Vector? {
        let source = operand.type
        if source == type { return try evaluate(operand, chunk) }
        let count = chunk.count
        if source.isInteger, type == .integer || type == .bigint || type.isFloat {
            guard let values = VectorValues.ints(try evaluate(operand, chunk)) else { return nil }
            if type == .bigint {
                return VectorKernels.typed(.int64(values.values), .int64, values.validity, type, count)
            }
            if type == .integer {
                for (index, value) in values.values.enumerated() where Int32(exactly: value) == nil {
                    if values.validity.map({ VectorValues.isSet($0, index) }) ?? true { throw Cast.outOfRange(type) }
                }
                return VectorKernels.typed(.int64(values.values), .int64, values.validity, type, count)
            }
            let doubles = values.values.map { type == .real ? Double(Float(Double($0))) : Double($0) }
            return VectorKernels.typed(.float64(doubles), .float64, values.validity, type, count)
        }
        if source == .real, type == .double, let values = VectorValues.doubles(try evaluate(operand, chunk)) {
            return VectorKernels.typed(.float64(values.values), .float64, values.validity, type, count)
        }
        return nil
    }

    // MARK: - Row-wise fallback

    /// Evaluates `e` row by row: its operands as vectors where the node evaluates all of them for every row
    /// (functions, casts, IS DISTINCT FROM, LIKE and IN over constant-like lists), else the whole subtree.
    static func fallback(_ e: BoundExpression, _ chunk: Chunk) throws -> Vector {
        var operands: [BoundExpression]?
        switch e.kind {
        case .function, .cast, .isDistinct, .not, .field: operands = e.children
        case let .like(operand, pattern, escape, _, _):
            if infallible(pattern), escape.map(infallible) ?? true { operands = [operand] }
        case let .inList(operand, list, _):
            if list.allSatisfy(infallible) { operands = [operand] }
        default: break
        }
        if let operands, operands.filter({ !infallible($0) }).count <= 1 {
            let vectors = try operands.map { try evaluate($0, chunk) }
            return try rowwise(e, operands: operands, vectors, chunk.count)
        }
        var out: [Datum] = []
        out.reserveCapacity(chunk.count)
        let rows = chunk.materialized(usedBy: e)
        for row in 0..<chunk.count { out.append(try Evaluator.value(e, rows, row)) }
        return .datums(out)
    }

    /// `e` row by row with `operands` (some of its direct operands) read from `vectors`.
    static func rowwise(_ e: BoundExpression, operands: [BoundExpression], _ vectors: [Vector], _ count: Int) throws
        -> Vector
    {
        var next = 0
        let rewritten = e.mapChildren { child in
            guard next < operands.count, child == operands[next] else { return child }
            defer { next += 1 }
            return BoundExpression(.column(next), child.type, at: child.position)
        }
        let operandChunk = Chunk(vectors: vectors, count: count)
        var out: [Datum] = []
        out.reserveCapacity(count)
        for row in 0..<count { out.append(try Evaluator.value(rewritten, operandChunk, row)) }
        return .datums(out)
    }
}

/// The value families the comparison kernels read: integer-like words of one SQL type family, floats, text in
/// place, decimals of one scale.
enum KernelKind: Equatable {
    case integer(Int)
    case float
    case text
    case decimal(Int)

    init?(_ type: SQLType) {
        switch type {
        case .integer, .bigint: self = .integer(0)
        case .date: self = .integer(1)
        case let .timestamp(withTimeZone): self = .integer(withTimeZone ? 3 : 2)
        case .time: self = .integer(4)
        case .real, .double: self = .float
        case .text: self = .text
        case let .numeric(.some, scale): self = .decimal(scale)
        default: return nil
        }
    }
}

extension Chunk {
    /// This chunk with the typed columns `e` reads made into datums once (for row-by-row evaluation).
    func materialized(usedBy e: BoundExpression) -> Chunk {
        var used = Set<Int>()
        func collect(_ node: BoundExpression) {
            if case let .column(index) = node.kind { used.insert(index) }
            for child in node.children { collect(child) }
        }
        collect(e)
        var copy = self
        for index in used where index < vectors.count {
            if case .typed = vectors[index] { copy.vectors[index] = .datums(vectors[index].datums) }
        }
        return copy
    }
}
