import Columnar
import OutflowTestSupport
import Testing

@testable import Demo
@testable import HTTPAPI
@testable import OutflowServer

@Suite("Demo generator", .onDedicatedThreads)
struct DemoGeneratorTests {
    static func allRows(_ generator: DemoGenerator) throws -> [ColumnBatch] {
        try (0..<generator.chunkCount).map { try generator.eventChunk($0).batch }
    }

    /// (device, timestamp, crmId, purchaseID, order total, items total, tracking channel) per event.
    struct Event {
        var device: String
        var timestamp: Int64
        var crmId: String?
        var purchaseID: String?
        var orderTotal: Int128?
        var itemsTotal: Int128
        var channel: String?
    }

    static func events(_ batches: [ColumnBatch]) -> [Event] {
        var out: [Event] = []
        for batch in batches {
            let schema = batch.schema
            let ecid = batch.columns[schema.index(of: "ecid") ?? 0]
            let ts = batch.columns[schema.index(of: "timestamp") ?? 0]
            let crm = batch.columns[schema.index(of: "crmId") ?? 0]
            let commerce = batch.columns[schema.index(of: "commerce") ?? 0]
            let items = batch.columns[schema.index(of: "productListItems") ?? 0]
            let marketing = batch.columns[schema.index(of: "marketing") ?? 0]
            for row in 0..<batch.rowCount {
                var event = Event(device: "", timestamp: 0, itemsTotal: 0)
                if case let .string(s) = ecid.value(at: row) { event.device = s }
                if case let .timestamp(t) = ts.value(at: row) { event.timestamp = t }
                if case let .string(s) = crm.value(at: row) { event.crmId = s }
                if case let .struct(parts) = commerce.value(at: row), case let .struct(order) = parts[0] {
                    if case let .string(id) = order[0] { event.purchaseID = id }
                    if case let .decimal(total) = order[1] { event.orderTotal = total }
                }
                if case let .list(list) = items.value(at: row) {
                    for case let .struct(item) in list {
                        if case let .decimal(price) = item[2] { event.itemsTotal += price }
                    }
                }
                if case let .struct(parts) = marketing.value(at: row), case let .string(c) = parts[1] {
                    event.channel = c
                }
                out.append(event)
            }
        }
        return out
    }

    /// Visits per device by 30-minute inactivity, as an analyst would sessionize.
    static func visits(_ events: [Event]) -> [[Event]] {
        let byDevice = Dictionary(grouping: events, by: \.device)
        var visits: [[Event]] = []
        for (_, deviceEvents) in byDevice {
            let sorted = deviceEvents.sorted { $0.timestamp < $1.timestamp }
            var current: [Event] = []
            for event in sorted {
                if let last = current.last, event.timestamp - last.timestamp > 30 * 60_000_000 {
                    visits.append(current)
                    current = []
                }
                current.append(event)
            }
            if !current.isEmpty { visits.append(current) }
        }
        return visits
    }

    @Test("the same seed yields the same rows", arguments: [UInt64(1), 42])
    func sameSeedSameRows(seed: UInt64) throws {
        let a = try Self.allRows(DemoGenerator(seed: seed, events: 3_000, chunkSize: 1_000))
        let b = try Self.allRows(DemoGenerator(seed: seed, events: 3_000, chunkSize: 1_000))
        for (x, y) in zip(a, b) {
            for row in 0..<x.rowCount { #expect(x.row(row) == y.row(row)) }
        }
        let other = try Self.allRows(DemoGenerator(seed: seed + 1, events: 3_000, chunkSize: 1_000))
        #expect(a[0].row(0) != other[0].row(0))
    }

    @Test("exactly the requested number of events", arguments: [0, 1, 999, 1_000, 2_501])
    func exactCount(events: Int) throws {
        let generator = DemoGenerator(seed: 7, events: events, chunkSize: 1_000)
        let batches = try Self.allRows(generator)
        #expect(batches.reduce(0) { $0 + $1.rowCount } == events)
        #expect(batches.allSatisfy { $0.rowCount > 0 })
    }

    @Test("visits of a device are separated by more than 30 minutes and match the generator's count")
    func visitsSeparatedByInactivity() throws {
        let generator = DemoGenerator(seed: 42, events: 20_000, chunkSize: 5_000)
        var stats = DemoStats()
        var batches: [ColumnBatch] = []
        for i in 0..<generator.chunkCount {
            let chunk = try generator.eventChunk(i)
            stats.add(chunk.stats)
            batches.append(chunk.batch)
        }
        let events = Self.events(batches)
        let visits = Self.visits(events)
        #expect(visits.count == stats.visits)
        #expect(Set(events.map(\.device)).count == stats.devices)
        #expect(stats.visits > stats.devices)
        // Campaign channels appear only on the first hit of a visit.
        for visit in visits {
            #expect(visit.dropFirst().allSatisfy { $0.channel == nil })
        }
        #expect(
            events.allSatisfy { $0.timestamp >= DemoGenerator.windowStart && $0.timestamp < DemoGenerator.windowEnd })
    }

    @Test("about 20% of devices log in, some persons use two devices")
    func loginShare() throws {
        let generator = DemoGenerator(seed: 42, events: 30_000, chunkSize: 10_000)
        let events = Self.events(try Self.allRows(generator))
        let devices = Set(events.map(\.device))
        let loggedIn = Set(events.filter { $0.crmId != nil }.map(\.device))
        let share = Double(loggedIn.count) / Double(devices.count)
        #expect(share > 0.15 && share < 0.25, "login share \(share)")
        let devicesPerPerson = Dictionary(grouping: events.filter { $0.crmId != nil }, by: { $0.crmId ?? "" })
            .mapValues { Set($0.map(\.device)).count }
        #expect(devicesPerPerson.values.contains { $0 >= 2 })
        // Once logged in, a device keeps its person id.
        for (_, deviceEvents) in Dictionary(grouping: events, by: \.device) {
            let sorted = deviceEvents.sorted { $0.timestamp < $1.timestamp }
            if let first = sorted.firstIndex(where: { $0.crmId != nil }) {
                #expect(sorted[first...].allSatisfy { $0.crmId != nil })
            }
        }
    }

    @Test("about 3% of visits purchase, and order revenue is the sum of its products")
    func purchaseShareAndRevenue() throws {
        let generator = DemoGenerator(seed: 42, events: 60_000, chunkSize: 20_000)
        let events = Self.events(try Self.allRows(generator))
        let visits = Self.visits(events)
        let purchasing = visits.filter { $0.contains { $0.purchaseID != nil } }.count
        let share = Double(purchasing) / Double(visits.count)
        #expect(share > 0.02 && share < 0.04, "purchase share \(share)")
        for event in events where event.purchaseID != nil {
            #expect(event.orderTotal == event.itemsTotal)
            #expect(event.itemsTotal > 0)
        }
        let orderIds = events.compactMap(\.purchaseID)
        #expect(Set(orderIds).count == orderIds.count)
    }

    @Test("event chunks, profiles and products follow the demo schemas")
    func batchesFollowSchemas() throws {
        let generator = DemoGenerator(seed: 3, events: 5_000, chunkSize: 5_000)
        let chunk = try generator.eventChunk(0)
        #expect(chunk.batch.schema == DemoSchemas.webEvents)
        let profiles = try generator.profileBatch(personIds: chunk.personIds)
        #expect(profiles.rowCount == chunk.personIds.count)
        #expect(Set(chunk.personIds).count == chunk.personIds.count)
        #expect(try generator.productBatch().rowCount == 1_000)
        #expect(DemoSchemas.all.map(\.name) == ["web_events", "customer_profiles", "product_catalog"])
    }
}
