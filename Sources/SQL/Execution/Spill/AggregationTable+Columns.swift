/// Aggregates whose state never grows, added column at a time over a batch's group ids: `count(*)`, `count`,
/// and `sum`/`avg` of integers and floats through typed loops; the others (`min`, `max`, numeric sums, FILTER)
/// row by row within the column. Each group's additions keep the rows' order, so states equal the row-wise ones.
extension AggregationTable {
    func addColumns(_ ids: [Int32], _ arguments: [[Vector]], count: Int) throws {
        for (index, aggregate) in aggregates.enumerated() {
            if try addKernel(index, aggregate, ids, arguments[index], count: count) { continue }
            for row in 0..<count where ids[row] >= 0 {
                try states[Int(ids[row])][index].add(aggregate, arguments[index].map { $0[row] })
            }
        }
    }

    /// False (nothing added) when no loop reads the aggregate's vector.
    private func addKernel(
        _ index: Int, _ aggregate: BoundAggregate, _ ids: [Int32], _ arguments: [Vector], count: Int
    ) throws -> Bool {
        guard !aggregate.filtered else { return false }
        if aggregate.function == .countStar {
            for row in 0..<count where ids[row] >= 0 { states[Int(ids[row])][index].count += 1 }
            return true
        }
        guard let vector = arguments.first, let type = aggregate.arguments.first?.type else { return false }
        switch aggregate.function {
        case .count:
            let validity = VectorValues.validity(vector)
            for row in 0..<count where ids[row] >= 0 && (validity.map({ VectorValues.isSet($0, row) }) ?? true) {
                states[Int(ids[row])][index].count += 1
            }
            return true
        case .sum where type.isInteger && aggregate.type == .bigint:
            guard let values = VectorValues.ints(vector) else { return false }
            for row in 0..<count where ids[row] >= 0 && (values.validity.map({ VectorValues.isSet($0, row) }) ?? true) {
                let group = Int(ids[row])
                let (sum, overflow) = states[group][index].intSum.addingReportingOverflow(values.values[row])
                guard !overflow else { throw Cast.outOfRange(.bigint) }
                states[group][index].intSum = sum
                states[group][index].count += 1
            }
            return true
        case .sum, .avg:
            guard type.isFloat, aggregate.type.isFloat, let values = VectorValues.doubles(vector) else { return false }
            for row in 0..<count where ids[row] >= 0 && (values.validity.map({ VectorValues.isSet($0, row) }) ?? true) {
                let group = Int(ids[row])
                states[group][index].floatSum += values.values[row]
                states[group][index].count += 1
            }
            return true
        default:
            return false
        }
    }
}
