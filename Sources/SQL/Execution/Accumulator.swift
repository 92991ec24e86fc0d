import Columnar

/// One aggregate's running state in one group.
struct Accumulator {
    var count: Int64 = 0
    var intSum: Int64 = 0
    var numericSum = SQLNumeric(0)
    var floatSum = 0.0
    var best: Datum = .null
    var flag: Bool?
    var text: String?
    var seen: Set<Datum>?
    /// `array_agg`'s values, NULLs included.
    var elements: [Datum]?
    /// The input rows of an aggregate with ORDER BY or an ordered-set aggregate (`Accumulator+Ordered.swift`).
    var rows: [[Datum]]?
    /// The sums of the statistical aggregates (`Accumulator+Statistics.swift`, read through `moments`), behind
    /// one pointer so that every other aggregate's accumulator stays small.
    var boxedMoments: BoxedMoments?
    /// The registers of `approx_count_distinct` (`HyperLogLog.swift`).
    var sketch: [UInt8]?

    mutating func add(_ aggregate: BoundAggregate, _ arguments: [Datum]) throws {
        if aggregate.filtered, arguments.last != .boolean(true) { return }
        if aggregate.usesExtendedState { return try addExtended(aggregate, arguments) }
        if aggregate.function == .countStar {
            count += 1
            return
        }
        let value = arguments[0]
        if aggregate.function == .arrayAgg {
            if aggregate.distinct {
                if seen == nil { seen = [] }
                guard seen?.insert(value).inserted == true else { return }
            }
            if elements == nil { elements = [] }
            elements?.append(value)
            return
        }
        if value.isNull { return }
        if aggregate.distinct {
            if seen == nil { seen = [] }
            guard seen?.insert(value).inserted == true else { return }
        }
        count += 1
        switch (aggregate.function, value) {
        case (.sum, .int(let v)) where aggregate.type == .bigint:
            let (r, o) = intSum.addingReportingOverflow(v)
            guard !o else { throw Cast.outOfRange(.bigint) }
            intSum = r
        case (.sum, .int(let v)), (.avg, .int(let v)): numericSum = try numericSum + SQLNumeric(v)
        case (.sum, .numeric(let v)), (.avg, .numeric(let v)): numericSum = try numericSum + v
        case (.sum, .float(let v)), (.avg, .float(let v)): floatSum += v
        case (.min, _):
            if best.isNull || Compare.order(value, best) < 0 { best = value }
        case (.max, _):
            if best.isNull || Compare.order(value, best) > 0 { best = value }
        case (.boolAnd, .boolean(let b)): flag = (flag ?? true) && b
        case (.boolOr, .boolean(let b)): flag = (flag ?? false) || b
        case (.stringAgg, .text(let t)):
            if let current = text {
                var separator = ""
                if case let .text(s) = arguments[1] { separator = s }
                text = current + separator + t
            } else {
                text = t
            }
        default: break
        }
    }

    func result(_ aggregate: BoundAggregate) throws -> Datum {
        if aggregate.usesExtendedState { return try extendedResult(aggregate) }
        switch aggregate.function {
        case .countStar, .count: return .int(count)
        case .sum:
            guard count > 0 else { return .null }
            if aggregate.type == .bigint { return .int(intSum) }
            if aggregate.type.isFloat { return .float(aggregate.type == .real ? Double(Float(floatSum)) : floatSum) }
            return .numeric(numericSum)
        case .avg:
            guard count > 0 else { return .null }
            if aggregate.type.isFloat { return .float(floatSum / Double(count)) }
            return .numeric(try numericSum / SQLNumeric(count))
        case .min, .max: return best
        case .boolAnd, .boolOr: return flag.map { .boolean($0) } ?? .null
        case .stringAgg: return text.map { .text($0) } ?? .null
        case .arrayAgg:
            guard var elements, let element = aggregate.type.elementType else { return .null }
            if aggregate.distinct {
                // PostgreSQL sorts a DISTINCT aggregate's input: the values come out ascending, NULL last.
                elements.sort { a, b in a.isNull ? false : (b.isNull ? true : Compare.order(a, b) < 0) }
            }
            return .nested(.list(elements.map { $0.columnarValue(as: element) }))
        default: return .null
        }
    }
}
