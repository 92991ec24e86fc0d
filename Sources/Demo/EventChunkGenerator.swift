import Columnar

/// Generates one chunk of `web_events`: devices, their visits and hits, until the chunk is full.
struct EventChunkGenerator {
    private let generator: DemoGenerator
    private let catalog: DemoCatalog
    private let index: Int
    private let target: Int
    private var random: SplitMix64
    private var columns: WebEventColumns
    private var stats = DemoStats()
    private var personIds: [String] = []
    private var orders = 0

    init(generator: DemoGenerator, index: Int) {
        self.generator = generator
        catalog = generator.catalog
        self.index = index
        target = generator.rowCount(ofChunk: index)
        random = SplitMix64(seed: SplitMix64.mix(generator.seed ^ SplitMix64.mix(UInt64(index) &+ 1)))
        columns = WebEventColumns(capacity: target)
    }

    mutating func run() throws(ColumnarError) -> DemoEventChunk {
        while stats.events < target {
            generateDevice()
        }
        return DemoEventChunk(batch: try columns.finish(), stats: stats, personIds: personIds)
    }

    private mutating func generateDevice() {
        stats.devices += 1
        let deviceKey = UInt64(index) << 32 | UInt64(stats.devices)
        let ecid =
            DemoCatalog.padded(Int(SplitMix64.mix(generator.seed ^ deviceKey) % 1_000_000_000_000_000_000), width: 18)
            + DemoCatalog.padded(Int(SplitMix64.mix(deviceKey &* 31) % 1_000_000_000_000_000_000), width: 18)
        let country = DemoCatalog.countries[random.below(DemoCatalog.countries.count)]
        let browser = DemoCatalog.browsers[random.below(DemoCatalog.browsers.count)]
        let deviceType = DemoCatalog.deviceTypes[random.below(DemoCatalog.deviceTypes.count)]
        let visitCount = 1 + random.geometric(0.45, cap: 11)
        let logsIn = random.chance(0.2)
        let loginVisit = random.below(visitCount)
        var person: String?
        let lastStart = DemoGenerator.windowEnd - 5 * 60 * DemoGenerator.minute
        var time = DemoGenerator.windowStart + Int64(random.below(Int(lastStart - DemoGenerator.windowStart)))

        for visit in 0..<visitCount {
            if visit > 0 {
                time += 31 * DemoGenerator.minute + Int64(random.below(Int(3 * DemoGenerator.day)))
                if time > lastStart { return }
            }
            let purchase = random.chance(0.03)
            var hits = 1 + random.geometric(0.25, cap: 39)
            if purchase { hits = max(hits, 3) }
            let campaign = catalog.campaigns[
                random.chance(0.45) ? random.below(2) : random.below(catalog.campaigns.count)]
            let loginHit = logsIn && visit == loginVisit ? random.below(hits) : -1
            var referrer = campaign.referrer
            stats.visits += 1
            for hit in 0..<hits {
                guard stats.events < target else {
                    if hit == 0 { stats.visits -= 1 }
                    return
                }
                if hit > 0 { time += 5_000_000 + Int64(random.below(Int(6 * DemoGenerator.minute - 5_000_000))) }
                if hit == loginHit { person = assignPerson() }
                let isPurchase = purchase && hit == hits - 1
                let page = catalog.pages[isPurchase ? catalog.confirmationPage : catalog.page(random.unit())]
                let items = isPurchase ? basket() : page.product.map { [item(product: $0, quantity: 1)] } ?? []
                var purchaseID: String?
                if isPurchase {
                    orders += 1
                    purchaseID = "ORD-\(index)-" + DemoCatalog.padded(orders, width: 7)
                    stats.purchases += 1
                    stats.revenueCents += items.reduce(0) { $0 + $1.priceTotalCents }
                }
                let first = hit == 0
                columns.append(
                    WebEventColumns.Hit(
                        timestamp: time,
                        ecid: ecid,
                        crmId: person,
                        pageName: page.name,
                        pageURL: page.url,
                        referrer: referrer,
                        trackingCode: first ? campaign.trackingCode : nil,
                        channel: first ? campaign.channel : nil,
                        items: items,
                        purchaseID: purchaseID,
                        countryCode: country,
                        browser: browser,
                        deviceType: deviceType
                    ),
                    eventKey: generator.seed ^ (UInt64(index) << 40 | UInt64(stats.events))
                )
                stats.events += 1
                referrer = page.url
            }
        }
    }

    /// A person id for a device logging in: usually a new person, sometimes one already seen on
    /// another device of this chunk.
    private mutating func assignPerson() -> String {
        stats.authenticatedDevices += 1
        if !personIds.isEmpty, random.chance(0.12) {
            return personIds[random.below(personIds.count)]
        }
        let id = "CRM" + DemoCatalog.padded(index * 1_000_000 + personIds.count + 1, width: 10)
        personIds.append(id)
        return id
    }

    private mutating func basket() -> [WebEventColumns.Item] {
        let count = 1 + random.geometric(0.5, cap: 3)
        return (0..<count).map { _ in
            let product = catalog.pages[catalog.page(random.unit())].product ?? random.below(catalog.products.count)
            return item(product: product, quantity: Int32(1 + random.geometric(0.6, cap: 2)))
        }
    }

    private func item(product index: Int, quantity: Int32) -> WebEventColumns.Item {
        let product = catalog.products[index]
        return WebEventColumns.Item(
            sku: product.sku,
            name: product.name,
            priceTotalCents: product.priceCents * Int64(quantity),
            quantity: quantity
        )
    }
}
