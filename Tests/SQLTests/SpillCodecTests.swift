import Columnar
import Testing

@testable import SQL

/// The binary row format of spill runs and the aggregate state codec round-trip every value exactly.
@Suite struct SpillCodecTests {
    static let datums: [Datum] = [
        .null, .boolean(true), .boolean(false), .int(0), .int(-1), .int(Int64.max), .int(Int64.min),
        .float(0), .float(-0.0), .float(3.25), .float(-.infinity), .float(.greatestFiniteMagnitude),
        .numeric(SQLNumeric(unscaled: 150, scale: 2)), .numeric(SQLNumeric(unscaled: -(Int128(1) << 100), scale: 7)),
        .numeric(SQLNumeric(unscaled: Int128.min + 1, scale: 0)), .text(""), .text("héllo 🌍 \u{0}"),
        .text(String(repeating: "x", count: 300)), .bytes([]), .bytes([0, 255, 128, 7]), .date(0), .date(Int32.min),
        .date(Int32.max), .timestamp(1_700_000_000_000_000), .timestamp(Int64.min),
        .nested(.struct([.null, .boolean(true), .int(-5), .float(1.5), .decimal(-12345), .string("a")])),
        .nested(.list([.binary([1, 2]), .date(-3), .timestamp(-4), .list([])])),
        .nested(.map([MapEntry(key: .string("k"), value: .struct([.int(1)])), MapEntry(key: .int(2), value: .null)])),
        .time(0), .time(86_400_000_000), .interval(SQLInterval(months: -14, days: 3, micros: 5)),
        .interval(SQLInterval(months: Int32.max, days: Int32.min, micros: Int64.min)),
    ]

    @Test(arguments: datums)
    func datumRoundTrips(_ datum: Datum) throws {
        let decoded = try RowCodec.decode(RowCodec.encode([[datum], [.int(1)]], width: 1))
        #expect(decoded.count == 2)
        // Bit-exact for floats (-0.0 stays negative).
        if case let .float(value) = datum, case let .float(back) = decoded[0][0] {
            #expect(value.bitPattern == back.bitPattern)
        } else if case let .numeric(value) = datum, case let .numeric(back) = decoded[0][0] {
            #expect(value.unscaled == back.unscaled && value.scale == back.scale)
        } else if case let .interval(value) = datum, case let .interval(back) = decoded[0][0] {
            // Interval equality is PostgreSQL's (a month is 30 days): check each field.
            #expect(value.months == back.months && value.days == back.days && value.micros == back.micros)
        } else {
            #expect(decoded[0] == [datum])
        }
    }

    @Test func blocksOfManyRowsAndZeroWidthRoundTrip() throws {
        let rows = (0..<500).map { i in [Datum.int(Int64(i)), .text("r\(i)"), i % 3 == 0 ? .null : .float(Double(i))] }
        #expect(try RowCodec.decode(RowCodec.encode(rows, width: 3)) == rows)
        let empty = [[Datum]](repeating: [], count: 7)
        #expect(try RowCodec.decode(RowCodec.encode(empty, width: 0)) == empty)
    }

    @Test func corruptBlocksAreErrorsNotCrashes() throws {
        let block = RowCodec.encode([[.text("hello"), .numeric(SQLNumeric(5))]], width: 2)
        for length in 0..<block.count {
            #expect(throws: SQLError.self) { try RowCodec.decode(Array(block[..<length])) }
        }
        #expect(throws: SQLError.self) { try RowCodec.decode([1, 1, 200]) }
    }

    @Test func accumulatorStateRoundTrips() throws {
        var state = Accumulator()
        state.count = 3
        state.intSum = -7
        state.numericSum = SQLNumeric(unscaled: 1234, scale: 2)
        state.floatSum = 2.5
        state.best = .text("max")
        state.flag = false
        state.text = "a,b"
        state.seen = [.int(1), .text("x"), .null]
        state.elements = [.int(2), .null, .nested(.list([.int(1)]))]
        state.rows = [[.text("b"), .int(2)], [.null, .float(1.5)]]
        state.moments = AggregateMoments(n: 2, sx: 3, sxx: 0.5, sy: -1, syy: 4, sxy: 0.25, squares: SQLNumeric(9))
        state.sketch = (0..<HyperLogLog.registerCount).map { UInt8($0 % 7) }
        let back = try AccumulatorCodec.decode(AccumulatorCodec.encode(state))
        #expect(back.rows == state.rows && back.moments == state.moments && back.sketch == state.sketch)
        #expect(back.count == 3 && back.intSum == -7 && back.numericSum == state.numericSum)
        #expect(back.floatSum == 2.5 && back.best == .text("max") && back.flag == false && back.text == "a,b")
        #expect(back.seen == state.seen && back.elements == state.elements)
        let fresh = try AccumulatorCodec.decode(AccumulatorCodec.encode(Accumulator()))
        #expect(fresh.seen == nil && fresh.flag == nil && fresh.text == nil && fresh.best == .null)
        #expect(fresh.rows == nil && fresh.moments == nil && fresh.sketch == nil && fresh.elements == nil)
        var empty = Accumulator()
        empty.rows = []
        #expect(try AccumulatorCodec.decode(AccumulatorCodec.encode(empty)).rows == [])
        // A new stored property of Accumulator must be added to AccumulatorCodec (and here).
        #expect(Mirror(reflecting: Accumulator()).children.count == 12)
    }
}
