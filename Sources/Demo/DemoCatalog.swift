import Foundation

/// The fixed reference data the demo events draw from: products, pages (with a Zipf-like popularity),
/// campaigns, countries, browsers and device types. Built once per seed; immutable and shared.
struct DemoCatalog: Sendable {
    struct Product: Sendable {
        var sku: String
        var name: String
        var category: String
        /// Price in cents.
        var priceCents: Int64
    }

    struct Page: Sendable {
        var name: String
        var url: String
        /// The product shown on a product detail page.
        var product: Int?
    }

    struct Campaign: Sendable {
        var trackingCode: String?
        var channel: String
        var referrer: String?
    }

    static let site = "https://shop.outflow.example"
    static let categories = [
        "Running", "Hiking", "Cycling", "Swimming", "Yoga", "Climbing",
        "Camping", "Fitness", "Tennis", "Football", "Skiing", "Accessories",
    ]
    static let adjectives = [
        "Trail", "Ultra", "Aero", "Summit", "Pulse", "Nimbus", "Vortex", "Terra",
        "Swift", "Nova", "Apex", "Zen", "Storm", "Echo", "Flux", "Glide",
    ]
    static let nouns = [
        "Runner", "Jacket", "Backpack", "Bottle", "Helmet", "Mat", "Tent", "Gloves",
        "Shorts", "Watch", "Socks", "Cap", "Harness", "Goggles", "Racket", "Ball",
    ]
    static let fixedPages = ["Home", "Search Results", "Cart", "Checkout", "Login", "My Account", "Store Locator"]
    static let countries = [
        "US", "US", "US", "US", "GB", "GB", "DE", "DE", "FR", "CA", "AU", "JP", "NL", "ES", "IT", "BR",
    ]
    static let browsers = ["Chrome", "Chrome", "Chrome", "Safari", "Safari", "Edge", "Firefox", "Samsung Internet"]
    static let deviceTypes = ["Desktop", "Desktop", "Mobile", "Mobile", "Mobile", "Tablet"]

    /// Page index of the order confirmation page (purchases happen there).
    let confirmationPage: Int
    let products: [Product]
    let pages: [Page]
    /// Cumulative page popularity, for sampling with `page(_:)`.
    let pageCDF: [Double]
    let campaigns: [Campaign]

    init(seed: UInt64, productCount: Int = 1_000, contentPageCount: Int = 3_000) {
        var random = SplitMix64(seed: SplitMix64.mix(seed ^ 0xCA7A_1060))
        var products: [Product] = []
        products.reserveCapacity(productCount)
        for i in 0..<productCount {
            let adjective = Self.adjectives[random.below(Self.adjectives.count)]
            let noun = Self.nouns[random.below(Self.nouns.count)]
            let category = Self.categories[random.below(Self.categories.count)]
            let price = Int64(499 + random.below(200) * 250 + (random.chance(0.5) ? 0 : 50))
            products.append(
                Product(
                    sku: "SKU-" + Self.padded(i + 10_000, width: 6),
                    name: "\(adjective) \(noun) \(i % 97 + 1)",
                    category: category,
                    priceCents: price
                ))
        }
        var pages = Self.fixedPages.map { Page(name: $0, url: Self.site + "/" + Self.slug($0), product: nil) }
        confirmationPage = pages.count
        pages.append(Page(name: "Order Confirmation", url: Self.site + "/checkout/confirmation", product: nil))
        // Interleave product pages and content pages so popular pages are a mix of both.
        var productIndex = 0
        for i in 0..<(productCount + contentPageCount) {
            if i % 4 != 3, productIndex < productCount {
                let product = products[productIndex]
                pages.append(
                    Page(
                        name: "Product: " + product.name,
                        url: Self.site + "/p/" + product.sku.lowercased(),
                        product: productIndex
                    ))
                productIndex += 1
            } else {
                let category = Self.categories[i % Self.categories.count]
                pages.append(
                    Page(
                        name: "\(category) Guide \(i)",
                        url: Self.site + "/guides/" + category.lowercased() + "/\(i)",
                        product: nil
                    ))
            }
        }
        // Zipf-like popularity (s = 1.1), with the order shuffled by the seed except the home page first.
        var order = Array(1..<pages.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, random.below(i + 1))
        }
        order.insert(0, at: 0)
        var weights = [Double](repeating: 0, count: pages.count)
        for (rank, page) in order.enumerated() {
            weights[page] = page == confirmationPage ? 0 : 1 / pow(Double(rank + 1), 1.1)
        }
        var cdf: [Double] = []
        cdf.reserveCapacity(weights.count)
        var total = 0.0
        for w in weights {
            total += w
            cdf.append(total)
        }
        self.products = products
        self.pages = pages
        self.pageCDF = cdf.map { $0 / total }
        var campaigns: [Campaign] = [
            Campaign(trackingCode: nil, channel: "Direct", referrer: nil),
            Campaign(trackingCode: nil, channel: "Natural Search", referrer: "https://www.search.example/"),
        ]
        let paid: [(prefix: String, channel: String, referrer: String?)] = [
            ("ps", "Paid Search", "https://www.search.example/"),
            ("em", "Email", nil),
            ("so", "Social", "https://social.example/"),
            ("di", "Display", "https://news.example/"),
            ("af", "Affiliate", "https://deals.example/"),
        ]
        for (i, kind) in paid.enumerated() {
            for n in 1...8 {
                let code =
                    "\(kind.prefix)_\(Self.categories[(i * 8 + n) % Self.categories.count].lowercased())_2026_\(n)"
                campaigns.append(Campaign(trackingCode: code, channel: kind.channel, referrer: kind.referrer))
            }
        }
        self.campaigns = campaigns
    }

    /// A page index drawn by popularity from a uniform `u` in 0..<1.
    func page(_ u: Double) -> Int {
        var low = 0
        var high = pageCDF.count - 1
        while low < high {
            let mid = (low + high) / 2
            if pageCDF[mid] < u { low = mid + 1 } else { high = mid }
        }
        return low == confirmationPage ? 0 : low
    }

    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0 == " " ? "-" : $0 })
    }
}
