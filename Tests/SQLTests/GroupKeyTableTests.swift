import Columnar
import Testing

@testable import SQL

/// The typed group key table of hash aggregation and DISTINCT: collisions, NULLs, NaN and -0, text compared by
/// bytes, growth, spilling with typed keys, and count(DISTINCT) through the (group, value) pair tables.
@Suite struct GroupKeyTableTests {
    static func ints(_ values: [Int64?]) -> Vector {
        let builder = ColumnBuilder(type: .int64, capacity: values.count)
        for value in values {
            if let value { builder.append(int64: value) } else { builder.appendNull() }
        }
        return Vector(builder.finish(), .bigint)
    }

    static func strings(_ values: [String?]) -> Vector {
        let builder = ColumnBuilder(type: .string, capacity: values.count)
        for value in values {
            if let value { builder.append(string: value) } else { builder.appendNull() }
        }
        return Vector(builder.finish(), .text)
    }

    /// Inserts every row not yet in the table; returns each row's group.
    static func groups(_ table: GroupKeyTable, _ vectors: [Vector]) throws -> [Int32] {
        let batch = try table.batch(vectors, count: vectors[0].count)
        return (0..<batch.count).map { row in
            let (found, entry) = table.find(batch, row)
            return found >= 0 ? found : table.insert(batch, row, entry: entry)
        }
    }

    @Test func manyGroupsWhoseHashesAllCollideStayApart() throws {
        // A zero mask gives every key the same hash and salt: only the key comparison tells groups apart.
        let table = GroupKeyTable(types: [.bigint, .integer], hashMask: 0)
        let a = (0..<600).map { Int64($0 % 300) }
        let b = (0..<600).map { Int64($0 / 300) }
        let first = try Self.groups(table, [Self.ints(a), Self.ints(b)])
        #expect(table.count == 600)
        #expect(Set(first).count == 600)
        let again = try Self.groups(table, [Self.ints(a), Self.ints(b)])
        #expect(again == first)
        #expect(table.key(Int(first[301])) == [.int(1), .int(1)])
    }

    @Test func textKeysWithEqualHashesCompareByBytes() throws {
        let table = GroupKeyTable(types: [.text], hashMask: 0)
        let values: [String?] = ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgh", nil, "é", "e\u{301}", nil, "a"]
        let ids = try Self.groups(table, [Self.strings(values)])
        #expect(ids == [0, 1, 2, 3, 4, 3, 5, 6, 7, 5, 1])
        // The same strings as datums (a computed column) find the typed rows' groups.
        let datums = Vector.datums(values.map { $0.map(Datum.text) ?? .null })
        #expect(try Self.groups(table, [datums]) == ids)
        #expect(table.key(6) == [.text("é")])
        #expect(table.key(5) == [.null])
    }

    @Test func nullKeysGroupTogetherAndApartFromZero() throws {
        let table = GroupKeyTable(types: [.integer, .text])
        let ids = try Self.groups(
            table, [Self.ints([nil, 0, nil, 0, nil]), Self.strings([nil, "", nil, nil, ""])])
        #expect(ids == [0, 1, 0, 2, 3])
    }

    @Test func floatKeysGroupAsPostgreSQL() throws {
        let table = GroupKeyTable(types: [.double])
        let negativeNaN = Double(bitPattern: Double.nan.bitPattern | (1 << 63))
        let payloadNaN = Double(nan: 7, signaling: false)
        let values: [Datum] = [.float(-0.0), .float(.nan), .float(0.0), .float(negativeNaN), .float(payloadNaN), .null]
        let ids = try Self.groups(table, [.datums(values)])
        #expect(ids == [0, 1, 0, 1, 1, 2])
        // The first value seen is the group's.
        #expect(table.key(0) == [.float(-0.0)])
        if case let .float(first) = table.key(0)[0] { #expect(first.sign == .minus) }
        // DISTINCT and the set operations (RowKey) agree.
        #expect(RowKey(values: [.float(.nan)]) == RowKey(values: [.float(negativeNaN)]))
        #expect(Set([RowKey(values: [.float(.nan)]), RowKey(values: [.float(payloadNaN)])]).count == 1)
        #expect(RowKey(values: [.text("é")]) != RowKey(values: [.text("e\u{301}")]))
    }

    @Test func growingKeepsEveryGroupAndChargesItsEntries() throws {
        let table = GroupKeyTable(types: [.bigint, .text])
        var growth = 0
        var ids: [Int32] = []
        for start in stride(from: 0, to: 20_000, by: 1_000) {
            let keys = (start..<start + 1_000).map { Int64($0) }
            let batch = try table.batch([Self.ints(keys), Self.strings(keys.map { "k\($0 % 7)" })], count: 1_000)
            for row in 0..<batch.count {
                let (found, entry) = table.find(batch, row)
                #expect(found < 0)
                growth += table.growthBytes
                ids.append(table.insert(batch, row, entry: entry))
            }
        }
        #expect(ids == (0..<20_000).map { Int32($0) })
        #expect(table.capacity >= 40_000)
        #expect(table.tableBytes == GroupKeyTable.initialCapacity * 8 + growth)
        let probe = try table.batch([Self.ints([19_999, 7, 20_000]), Self.strings(["k0", "k0", "k0"])], count: 3)
        #expect(table.find(probe, 0).group == 19_999)
        #expect(table.find(probe, 1).group == 7)
        #expect(table.find(probe, 2).group == -1)
    }

    /// Rows of typed vectors (bigint key, text key, text value), in chunks.
    final class TypedRows: PhysicalOperator {
        var chunks: [Chunk]
        init(_ chunks: [Chunk]) { self.chunks = chunks }
        func next() async throws -> Chunk? { chunks.isEmpty ? nil : chunks.removeFirst() }
    }

    static func input(rows: Int, groups: Int) -> TypedRows {
        var chunks: [Chunk] = []
        for start in stride(from: 0, to: rows, by: 500) {
            let range = start..<min(rows, start + 500)
            let keys = range.map { $0 % 11 == 0 ? nil : Int64(($0 &* 7_919) % groups) }
            let texts = range.map { $0 % 13 == 0 ? nil : "g\($0 % 3)" }
            let values = range.map { $0 % 5 == 0 ? nil : "v\($0 % 37)" }
            chunks.append(
                Chunk(vectors: [ints(keys), strings(texts), strings(values)], count: range.count))
        }
        return TypedRows(chunks)
    }

    static func aggregate(
        _ context: ExecutionContext, hashMask: UInt64, rows: Int = 6_000, groups: Int = 1_500
    ) async throws -> [String] {
        let column = { (index: Int, type: SQLType) in BoundExpression(.column(index), type) }
        let value = column(2, .text)
        let filter = BoundExpression(.function(.notEqual, [value, .literal(.text("v1"), .text)]), .boolean)
        let aggregates = [
            BoundAggregate(function: .countStar, arguments: [], distinct: false, type: .bigint),
            BoundAggregate(function: .count, arguments: [value], distinct: true, type: .bigint),
            BoundAggregate(
                function: .count, arguments: [value, filter], distinct: true, type: .bigint, filtered: true),
            BoundAggregate(function: .max, arguments: [value], distinct: true, type: .text),
        ]
        let aggregate = HybridHashAggregateOperator(
            input(rows: rows, groups: groups), groups: [column(0, .bigint), column(1, .text)],
            aggregates: aggregates, context: context)
        aggregate.hashMask = hashMask
        return try await aggregate.drainRows().map { row in row.map { "\($0)" }.joined(separator: "|") }.sorted()
    }

    @Test func spillingAtATinyLimitWithCollidingTypedKeysGivesTheInMemoryResult() async throws {
        let expected = try await Self.aggregate(.unbounded(), hashMask: ~0)
        #expect(expected.count > 1_500)
        let storage = InMemorySpillStorage()
        let context = ExecutionContext(memoryLimit: 24 << 10, spillStorage: storage)
        let actual = try await Self.aggregate(context, hashMask: 0)
        #expect(actual == expected)
        #expect(context.statistics.spilledRows > 0)
        #expect(context.reserved == 0)
        #expect(await storage.liveRunCount == 0)
    }

    static func distinct(_ context: ExecutionContext, hashMask: UInt64) async throws -> [String] {
        let distinct = HybridDistinctOperator(
            input(rows: 6_000, groups: 1_500), width: 3, types: [.bigint, .text, .text], context: context)
        distinct.hashMask = hashMask
        return try await distinct.drainRows().map { row in row.map { "\($0)" }.joined(separator: "|") }
    }

    @Test func distinctOnTypedColumnsSpillsWithCollidingKeysAndEmitsEachRowOnce() async throws {
        let expected = try await Self.distinct(.unbounded(), hashMask: ~0)
        #expect(Set(expected).count == expected.count)
        let storage = InMemorySpillStorage()
        let context = ExecutionContext(memoryLimit: 16 << 10, spillStorage: storage)
        let actual = try await Self.distinct(context, hashMask: 0)
        #expect(actual.sorted() == expected.sorted())
        #expect(context.statistics.spilledRows > 0)
        #expect(context.reserved == 0)
        #expect(await storage.liveRunCount == 0)
    }

    @Test func countDistinctPerGroupMatchesSetsPerGroup() async throws {
        let rows = try await Self.aggregate(.unbounded(), hashMask: ~0, rows: 3_000, groups: 40)
        // The same counts computed directly.
        var sets: [String: (all: Int, values: Set<String>, filtered: Set<String>, max: String?)] = [:]
        for row in 0..<3_000 {
            let key =
                (row % 11 == 0 ? "null" : "int(\((row &* 7_919) % 40))") + "|"
                + (row % 13 == 0 ? "null" : "text(\"g\(row % 3)\")")
            var entry = sets[key] ?? (0, [], [], nil)
            entry.all += 1
            if row % 5 != 0 {
                let value = "v\(row % 37)"
                entry.values.insert(value)
                if value != "v1" { entry.filtered.insert(value) }
                entry.max = max(entry.max ?? value, value)
            }
            sets[key] = entry
        }
        let expected = sets.map { key, entry in
            "\(key)|int(\(entry.all))|int(\(entry.values.count))|int(\(entry.filtered.count))|"
                + (entry.max.map { "text(\"\($0)\")" } ?? "null")
        }.sorted()
        #expect(rows == expected)
    }
}
