import Columnar
import Testing

@testable import SQL

/// Normalized sort keys order rows exactly as `RowOrdering.compare` does, for every normalized type with NULLs,
/// NaN, -0, empty and prefix strings, unicode, numerics of several scales, intervals PostgreSQL counts equal, both
/// directions and both NULLS placements; typed Columnar vectors encode like their datums.
@Suite struct SortKeyTests {
    /// A seeded generator (SplitMix64), so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Direction: SortDirection {
        var descending: Bool
        var nullsFirst: Bool
    }

    static let types: [SQLType] = [
        .boolean, .smallint, .integer, .bigint, .real, .double, .numeric(precision: nil, scale: 0),
        .numeric(precision: 10, scale: 2), .text, .varchar(length: nil), .bpchar(length: nil), .bytea, .date,
        .timestamp(withTimeZone: false), .timestamptz, .time, .interval,
    ]

    static let strings = [
        "", "a", "ab", "abc", "a\u{0}", "a\u{1}", "a\u{1}b", "a\u{2}", "b", "B", "é", "e\u{301}", "日本", "日本語",
        "🙂", "z", "\u{7F}", "\u{80}", "a b", "ab ",
    ]

    static func value(_ type: SQLType, _ random: inout Generator) -> Datum {
        if Int.random(in: 0..<8, using: &random) == 0 { return .null }
        switch type {
        case .boolean: return .boolean(Bool.random(using: &random))
        case .smallint, .integer, .bigint:
            let choices: [Int64] = [0, 1, -1, .min, .max, 255, 256, -256, Int64(Int32.max), Int64(Int32.min)]
            return .int(
                Bool.random(using: &random)
                    ? choices[Int.random(in: 0..<choices.count, using: &random)]
                    : Int64.random(in: -1000...1000, using: &random))
        case .real, .double:
            let choices: [Double] = [0, -0.0, .nan, -.nan, .infinity, -.infinity, 1, -1, 1e-300, -1e-300, 0.5, 1e300]
            return .float(
                Bool.random(using: &random)
                    ? choices[Int.random(in: 0..<choices.count, using: &random)]
                    : Double.random(in: -100...100, using: &random).rounded() / 4)
        case .numeric:
            let unscaled = Int128(Int64.random(in: -20000...20000, using: &random))
            let choices: [Int128] = [0, 1, -1, 10, 100, -100, 12_345_678_901_234_567_890, -99_999_999_999_999_999]
            let value =
                Bool.random(using: &random) ? unscaled : choices[Int.random(in: 0..<choices.count, using: &random)]
            return .numeric(SQLNumeric(unscaled: value, scale: Int.random(in: 0...6, using: &random)))
        case .text, .varchar, .bpchar:
            return .text(strings[Int.random(in: 0..<strings.count, using: &random)])
        case .bytea:
            let count = Int.random(in: 0...4, using: &random)
            return .bytes((0..<count).map { _ in [0, 1, 2, 0x7F, 0x80, 0xFF][Int.random(in: 0..<6, using: &random)] })
        case .date: return .date(Int32.random(in: -3...3, using: &random) * (Bool.random(using: &random) ? 1 : 40000))
        case .timestamp: return .timestamp(Int64.random(in: -5...5, using: &random) * 86_400_000_000)
        case .time: return .time(Int64.random(in: 0...10, using: &random) * 3_600_000_000)
        case .interval:
            return .interval(
                SQLInterval(
                    months: Int32.random(in: -2...2, using: &random), days: Int32.random(in: -60...60, using: &random),
                    micros: Int64.random(in: -2...2, using: &random) * 86_400_000_000))
        default: return .null
        }
    }

    @Test func keysOrderLikeRowOrderingOnRandomRows() throws {
        var random = Generator(state: 13)
        for _ in 0..<60 {
            let keyCount = Int.random(in: 1...3, using: &random)
            let types = (0..<keyCount).map { _ in Self.types[Int.random(in: 0..<Self.types.count, using: &random)] }
            let directions = (0..<keyCount).map { _ in
                Direction(descending: Bool.random(using: &random), nullsFirst: Bool.random(using: &random))
            }
            let rows = (0..<60).map { _ in types.map { Self.value($0, &random) } }
            let layout = try #require(
                SortKeyLayout(zip(types, directions).map { ($0, $1.descending, $1.nullsFirst) }))
            let columns = (0..<keyCount).map { index in Vector.datums(rows.map { $0[index] }) }
            let keys = try #require(layout.encode(columns, count: rows.count))
            for i in rows.indices {
                for j in rows.indices {
                    let expected = RowOrdering.compare(rows[i], rows[j], directions, at: 0)
                    let actual = SortKeys.compare(keys.key(i), keys.key(j))
                    #expect(actual == expected, "\(types) \(directions) \(rows[i]) vs \(rows[j])")
                }
            }
        }
    }

    @Test func sortedPermutationIsTheStableSortOfRowOrdering() throws {
        var random = Generator(state: 7)
        let types: [SQLType] = [.text, .double]
        let directions = [
            Direction(descending: true, nullsFirst: false), Direction(descending: false, nullsFirst: true),
        ]
        let rows = (0..<3000).map { _ in types.map { Self.value($0, &random) } }
        let layout = try #require(SortKeyLayout(zip(types, directions).map { ($0, $1.descending, $1.nullsFirst) }))
        let keys = try #require(
            layout.encode((0..<2).map { index in .datums(rows.map { $0[index] }) }, count: rows.count))
        let expected = Array(rows.indices).sorted { a, b in
            let order = RowOrdering.compare(rows[a], rows[b], directions, at: 0)
            return order != 0 ? order < 0 : a < b
        }
        let permutation = keys.sortedPermutation()
        #expect(permutation == expected)
        // Sorted input is recognized and stays in place.
        let resorted = try #require(
            layout.encode((0..<2).map { index in .datums(permutation.map { rows[$0][index] }) }, count: rows.count))
        #expect(resorted.sortedPermutation() == Array(rows.indices))
    }

    @Test func typedVectorsEncodeLikeTheirDatums() throws {
        var random = Generator(state: 99)
        let types: [SQLType] = [.bigint, .integer, .date, .timestamptz, .double, .text]
        for type in types {
            let datums = (0..<500).map { _ in Self.value(type == .integer ? .bigint : type, &random) }
                .map { datum -> Datum in
                    if type == .integer, case let .int(value) = datum {
                        return .int(Int64(Int32(truncatingIfNeeded: value)))
                    }
                    return datum
                }
            let column = try Chunk.column(datums, type)
            let selection = Array(stride(from: 499, through: 0, by: -2))
            for descending in [false, true] {
                let layout = try #require(SortKeyLayout([(type, descending, !descending)]))
                let typed = try #require(
                    layout.encode([.typed(TypedVector(column: column, type: type, selection: selection))], count: 250))
                let plain = try #require(layout.encode([.datums(selection.map { datums[$0] })], count: 250))
                #expect(typed.bytes == plain.bytes, "\(type)")
                #expect(typed.offsets == plain.offsets, "\(type)")
            }
        }
    }

    @Test func keysOfOtherTypesAreNotNormalizedAndMismatchedValuesAreRefused() {
        #expect(SortKeyLayout([(.record([]), false, false)]) == nil)
        #expect(SortKeyLayout([(.json, false, false)]) == nil)
        #expect(SortKeyLayout([]) == nil)
        let layout = SortKeyLayout([(.bigint, false, false)])
        #expect(layout?.encode([.datums([.int(1), .text("x")])], count: 2) == nil)
    }
}
