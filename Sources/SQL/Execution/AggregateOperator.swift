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

    mutating func add(_ aggregate: BoundAggregate, _ arguments: [Datum]) throws {
        if aggregate.function == .countStar {
            count += 1
            return
        }
        let value = arguments[0]
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
        }
    }
}

/// Hash aggregation: groups by the group expressions' values (NULLs form one group), output in the order
/// groups first appear.
final class AggregateOperator: PhysicalOperator {
    let input: any PhysicalOperator
    let groups: [BoundExpression]
    let aggregates: [BoundAggregate]
    var done = false

    init(_ input: any PhysicalOperator, groups: [BoundExpression], aggregates: [BoundAggregate]) {
        self.input = input
        self.groups = groups
        self.aggregates = aggregates
    }

    func next() async throws -> Chunk? {
        guard !done else { return nil }
        done = true
        var index: [RowKey: Int] = [:]
        var keys: [[Datum]] = []
        var states: [[Accumulator]] = []
        if groups.isEmpty {
            keys.append([])
            states.append(Array(repeating: Accumulator(), count: aggregates.count))
        }
        while let chunk = try await input.next() {
            try Task.checkCancellation()
            let groupColumns = try groups.map { try Evaluator.evaluate($0, chunk) }
            let argumentColumns = try aggregates.map { aggregate in
                try aggregate.arguments.map { try Evaluator.evaluate($0, chunk) }
            }
            for row in 0..<chunk.count {
                let key = groupColumns.map { $0[row] }
                let slot: Int
                if groups.isEmpty {
                    slot = 0
                } else if let existing = index[RowKey(values: key)] {
                    slot = existing
                } else {
                    slot = keys.count
                    index[RowKey(values: key)] = slot
                    keys.append(key)
                    states.append(Array(repeating: Accumulator(), count: aggregates.count))
                }
                for (a, aggregate) in aggregates.enumerated() {
                    try states[slot][a].add(aggregate, argumentColumns[a].map { $0[row] })
                }
            }
        }
        var rows: [[Datum]] = []
        for (slot, key) in keys.enumerated() {
            rows.append(key + (try aggregates.enumerated().map { try states[slot][$0.offset].result($0.element) }))
        }
        return Chunk.fromRows(rows, width: groups.count + aggregates.count)
    }
}
