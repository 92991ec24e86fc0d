public import Columnar

/// Deterministic demo data for the three demo datasets.
///
/// Events come in chunks of `chunkSize` rows. Each chunk is generated from its own sub-seed and owns
/// its devices and persons, so chunks can be produced concurrently and still be identical for a seed.
/// Devices visit several times (visits separated by more than 30 minutes of inactivity, hits within
/// a visit at most 6 minutes apart); about 20% of devices log in and carry a CRM person id from then
/// on (some persons use two devices); about 3% of visits end in a purchase whose revenue is the sum
/// of its products; pages follow a Zipf-like popularity; all timestamps fall in the 30 days before
/// `windowEnd`.
public struct DemoGenerator: Sendable {
    /// 2026-11-01T00:00:00Z in microseconds: the fixed end of the demo's time window.
    public static let windowEnd: Int64 = 1_793_491_200_000_000
    /// 30 days before `windowEnd`.
    public static let windowStart: Int64 = windowEnd - 30 * day
    static let minute: Int64 = 60_000_000
    static let day: Int64 = 1_440 * minute

    /// The seed everything is derived from.
    public let seed: UInt64
    /// Total events to generate.
    public let events: Int
    /// Rows per event chunk (ColumnBatch).
    public let chunkSize: Int
    let catalog: DemoCatalog

    /// A generator of exactly `events` events in chunks of at most `chunkSize` rows.
    public init(seed: UInt64, events: Int, chunkSize: Int = 100_000) {
        self.seed = seed
        self.events = max(0, events)
        self.chunkSize = max(1, chunkSize)
        catalog = DemoCatalog(seed: seed)
    }

    /// Number of event chunks.
    public var chunkCount: Int { (events + chunkSize - 1) / chunkSize }

    /// Rows in chunk `index`.
    public func rowCount(ofChunk index: Int) -> Int {
        max(0, min(chunkSize, events - index * chunkSize))
    }

    /// Generates event chunk `index` (0..<chunkCount).
    public func eventChunk(_ index: Int) throws(ColumnarError) -> DemoEventChunk {
        var chunk = EventChunkGenerator(generator: self, index: index)
        return try chunk.run()
    }

    /// The `product_catalog` rows: one per product.
    public func productBatch() throws(ColumnarError) -> ColumnBatch {
        let builders = DemoSchemas.productCatalog.fields.map { ColumnBuilder(type: $0.type) }
        for product in catalog.products {
            builders[0].append(string: product.sku)
            builders[1].append(string: product.sku)
            builders[2].append(string: product.name)
            builders[3].append(string: product.category)
            builders[4].append(decimal: Int128(product.priceCents))
        }
        return try ColumnBatch(schema: DemoSchemas.productCatalog, columns: builders.map { $0.finish() })
    }

    static let firstNames = [
        "Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jonas",
        "Kira", "Leo", "Mia", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara",
    ]
    static let lastNames = [
        "Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
        "Kowalski", "Lopez", "Martin", "Nakamura", "Olsen", "Petrov", "Rossi", "Silva", "Turner", "Weber",
    ]
    static let tiers = ["Bronze", "Bronze", "Bronze", "Silver", "Silver", "Gold", "Platinum"]

    /// The `customer_profiles` rows: one per person id (as collected from the event chunks).
    public func profileBatch(personIds: [String]) throws(ColumnarError) -> ColumnBatch {
        let builders = DemoSchemas.customerProfiles.fields.map { ColumnBuilder(type: $0.type) }
        for (i, person) in personIds.enumerated() {
            var random = SplitMix64(seed: SplitMix64.mix(seed ^ 0x9E0F_11E5 ^ UInt64(i)))
            let first = Self.firstNames[random.below(Self.firstNames.count)]
            let last = Self.lastNames[random.below(Self.lastNames.count)]
            builders[0].append(string: person)
            builders[1].append(string: person)
            builders[2].append(string: "\(first.lowercased()).\(last.lowercased()).\(i)@mail.example")
            builders[3].append(string: first)
            builders[4].append(string: last)
            builders[5].append(string: Self.tiers[random.below(Self.tiers.count)])
            builders[6].append(int64: Int64(random.below(50_000)))
            builders[7].append(string: DemoCatalog.countries[random.below(DemoCatalog.countries.count)])
            builders[8].append(int64: Self.windowStart - Int64(random.below(3 * 365)) * Self.day)
        }
        return try ColumnBatch(schema: DemoSchemas.customerProfiles, columns: builders.map { $0.finish() })
    }
}
