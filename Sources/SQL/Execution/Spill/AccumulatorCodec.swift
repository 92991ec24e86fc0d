/// An aggregate's running state as bytes, so that hash aggregation can move a group out of memory and resume it
/// from a spill run. Every stored property of `Accumulator` is written (a test counts them).
enum AccumulatorCodec {
    static func encode(_ state: Accumulator) -> [UInt8] {
        var row: [Datum] = [
            .int(state.count), .int(state.intSum), .numeric(state.numericSum), .float(state.floatSum), state.best,
            state.flag.map { .boolean($0) } ?? .null, state.text.map { .text($0) } ?? .null,
            state.seen.map { .int(Int64($0.count)) } ?? .null,
        ]
        // Slots 8-17: the collected rows' count and width, the moments, the sketch; then the variable parts.
        let width = state.rows?.first?.count ?? 0
        row.append(state.rows.map { .int(Int64($0.count)) } ?? .null)
        row.append(.int(Int64(width)))
        if let m = state.moments {
            row += [.float(m.n), .float(m.sx), .float(m.sxx), .float(m.sy), .float(m.syy), .float(m.sxy)]
            row.append(.numeric(m.squares))
        } else {
            row += Array(repeating: .null, count: 7)
        }
        row.append(state.sketch.map { .bytes($0) } ?? .null)
        // Slot 18: `array_agg`'s element count.
        row.append(state.elements.map { .int(Int64($0.count)) } ?? .null)
        if let seen = state.seen { row.append(contentsOf: seen) }
        for collected in state.rows ?? [] { row.append(contentsOf: collected) }
        if let elements = state.elements { row.append(contentsOf: elements) }
        return RowCodec.encode([row], width: row.count)
    }

    static func decode(_ bytes: [UInt8]) throws -> Accumulator {
        guard let row = try RowCodec.decode(bytes).first, row.count >= fixedSlots,
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
        var offset = fixedSlots
        if case let .int(seen) = row[7] {
            guard seen >= 0, seen <= row.count - offset else { throw RowCodec.corrupt() }
            state.seen = Set(row[offset..<offset + Int(seen)])
            offset += Int(seen)
        }
        if case let .int(count) = row[8], case let .int(width) = row[9] {
            guard count >= 0, width >= 0, count * width <= row.count - offset, count == 0 || width > 0 else {
                throw RowCodec.corrupt()
            }
            state.rows = (0..<Int(count)).map { Array(row[offset + $0 * Int(width)..<offset + ($0 + 1) * Int(width)]) }
            offset += Int(count * width)
        }
        if case let .int(count) = row[18] {
            guard count >= 0, Int(count) == row.count - offset else { throw RowCodec.corrupt() }
            state.elements = Array(row[offset...])
            offset += Int(count)
        }
        guard offset == row.count else { throw RowCodec.corrupt() }
        if case let .float(n) = row[10], case let .float(sx) = row[11], case let .float(sxx) = row[12],
            case let .float(sy) = row[13], case let .float(syy) = row[14], case let .float(sxy) = row[15],
            case let .numeric(squares) = row[16]
        {
            state.moments = AggregateMoments(n: n, sx: sx, sxx: sxx, sy: sy, syy: syy, sxy: sxy, squares: squares)
        }
        if case let .bytes(sketch) = row[17] {
            guard sketch.count == HyperLogLog.registerCount else { throw RowCodec.corrupt() }
            state.sketch = sketch
        }
        return state
    }

    static let fixedSlots = 19

    /// Bytes an accumulator holds beyond its inline size.
    static func heapBytes(_ state: Accumulator) -> Int {
        var bytes = state.text.map { $0.utf8.count + RowSize.arrayOverhead } ?? 0
        if let seen = state.seen { bytes += seen.reduce(RowSize.arrayOverhead) { $0 + RowSize.datum($1) + 16 } }
        if let rows = state.rows { bytes += rows.reduce(RowSize.arrayOverhead) { $0 + RowSize.row($1) } }
        if let sketch = state.sketch { bytes += sketch.count + RowSize.arrayOverhead }
        if let elements = state.elements { bytes += elements.reduce(RowSize.arrayOverhead) { $0 + RowSize.datum($1) } }
        return bytes
    }
}
