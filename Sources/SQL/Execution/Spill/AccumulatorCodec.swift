/// An aggregate's running state as bytes, so that hash aggregation can move a group out of memory and resume it
/// from a spill run. Every stored property of `Accumulator` is written (a test counts them).
enum AccumulatorCodec {
    static func encode(_ state: Accumulator) -> [UInt8] {
        var row: [Datum] = [
            .int(state.count), .int(state.intSum), .numeric(state.numericSum), .float(state.floatSum), state.best,
            state.flag.map { .boolean($0) } ?? .null, state.text.map { .text($0) } ?? .null,
            state.seen.map { .int(Int64($0.count)) } ?? .null,
            state.elements.map { .int(Int64($0.count)) } ?? .null,
        ]
        if let seen = state.seen { row.append(contentsOf: seen) }
        if let elements = state.elements { row.append(contentsOf: elements) }
        return RowCodec.encode([row], width: row.count)
    }

    static func decode(_ bytes: [UInt8]) throws -> Accumulator {
        guard let row = try RowCodec.decode(bytes).first, row.count >= 9,
            case let .int(count) = row[0], case let .int(intSum) = row[1], case let .numeric(numericSum) = row[2],
            case let .float(floatSum) = row[3]
        else { throw RowCodec.corrupt() }
        var state = Accumulator()
        state.count = count
        state.intSum = intSum
        state.numericSum = numericSum
        state.floatSum = floatSum
        state.best = row[4]
        if case let .boolean(flag) = row[5] { state.flag = flag }
        if case let .text(text) = row[6] { state.text = text }
        var next = 9
        if case let .int(count) = row[7] {
            guard count >= 0, next + Int(count) <= row.count else { throw RowCodec.corrupt() }
            state.seen = Set(row[next..<(next + Int(count))])
            next += Int(count)
        }
        if case let .int(count) = row[8] {
            guard count >= 0, next + Int(count) == row.count else { throw RowCodec.corrupt() }
            state.elements = Array(row[next...])
        }
        return state
    }

    /// Bytes an accumulator holds beyond its inline size.
    static func heapBytes(_ state: Accumulator) -> Int {
        var bytes = state.text.map { $0.utf8.count + RowSize.arrayOverhead } ?? 0
        if let seen = state.seen { bytes += seen.reduce(RowSize.arrayOverhead) { $0 + RowSize.datum($1) + 16 } }
        if let elements = state.elements { bytes += elements.reduce(RowSize.arrayOverhead) { $0 + RowSize.datum($1) } }
        return bytes
    }
}
