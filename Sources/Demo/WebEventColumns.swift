import Columnar

/// The column builders of one `web_events` chunk, with the leaf builders resolved once so that each
/// event appends through typed fast paths only (no `Value` on the hot path).
final class WebEventColumns {
    struct Identity {
        var id: String
        var authenticated: Bool
        var primary: Bool
    }

    struct Item {
        var sku: String
        var name: String
        var priceTotalCents: Int64
        var quantity: Int32
    }

    struct Hit {
        var timestamp: Int64
        var ecid: String
        var crmId: String?
        var pageName: String
        var pageURL: String
        var referrer: String?
        var trackingCode: String?
        var channel: String?
        var items: [Item]
        var purchaseID: String?
        var countryCode: String
        var browser: String
        var deviceType: String
    }

    private let roots: [ColumnBuilder]
    private let id, timestamp, ecid, crmId: ColumnBuilder
    private let identityMap, identityKeys, identityLists, identityEntries: ColumnBuilder
    private let identityId, identityState, identityPrimary: ColumnBuilder
    private let web, pageDetails, pageName, pageURL, pageViews, pageViewsValue, referrer, referrerURL: ColumnBuilder
    private let marketing, trackingCode, channel: ColumnBuilder
    private let items, item, itemSKU, itemName, itemPrice, itemQuantity: ColumnBuilder
    private let commerce, order, purchaseID, orderPrice, purchases, purchasesValue: ColumnBuilder
    private let place, geo, countryCode, environment, browserDetails, browserName, device, deviceType: ColumnBuilder
    private var idBuffer = [UInt8](repeating: 0, count: 24)

    init(capacity: Int) {
        roots = DemoSchemas.webEvents.fields.map { ColumnBuilder(type: $0.type, capacity: capacity) }
        (id, timestamp, identityMap, ecid, crmId) = (roots[0], roots[1], roots[2], roots[3], roots[4])
        let mapBuilders = Self.mapParts(identityMap)
        (identityKeys, identityLists) = mapBuilders
        identityEntries = identityLists.listValues ?? identityLists
        let entry = Self.children(identityEntries, 3)
        (identityId, identityState, identityPrimary) = (entry[0], entry[1], entry[2])
        web = roots[5]
        let webParts = Self.children(web, 2)
        (pageDetails, referrer) = (webParts[0], webParts[1])
        let details = Self.children(pageDetails, 3)
        (pageName, pageURL, pageViews) = (details[0], details[1], details[2])
        pageViewsValue = Self.children(pageViews, 1)[0]
        referrerURL = Self.children(referrer, 1)[0]
        marketing = roots[6]
        let marketingParts = Self.children(marketing, 2)
        (trackingCode, channel) = (marketingParts[0], marketingParts[1])
        items = roots[7]
        item = items.listValues ?? items
        let itemParts = Self.children(item, 4)
        (itemSKU, itemName, itemPrice, itemQuantity) = (itemParts[0], itemParts[1], itemParts[2], itemParts[3])
        commerce = roots[8]
        let commerceParts = Self.children(commerce, 2)
        (order, purchases) = (commerceParts[0], commerceParts[1])
        let orderParts = Self.children(order, 2)
        (purchaseID, orderPrice) = (orderParts[0], orderParts[1])
        purchasesValue = Self.children(purchases, 1)[0]
        place = roots[9]
        geo = Self.children(place, 1)[0]
        countryCode = Self.children(geo, 1)[0]
        environment = roots[10]
        browserDetails = Self.children(environment, 1)[0]
        browserName = Self.children(browserDetails, 1)[0]
        device = roots[11]
        deviceType = Self.children(device, 1)[0]
    }

    /// The children of a struct builder; the schema is fixed, so a shortfall is a programming error
    /// that `ColumnBatch`'s checks would report (padded with throwaway builders so nothing traps).
    private static func children(_ builder: ColumnBuilder, _ count: Int) -> [ColumnBuilder] {
        let found = builder.structChildren
        if found.count >= count { return found }
        return found + (found.count..<count).map { _ in ColumnBuilder(type: .string) }
    }

    private static func mapParts(_ builder: ColumnBuilder) -> (ColumnBuilder, ColumnBuilder) {
        builder.mapBuilders.map { ($0.keys, $0.values) } ?? (builder, builder)
    }

    var count: Int { id.count }

    /// Appends one event; `eventKey` (unique per event) becomes the 24-hex-digit `_id`.
    func append(_ hit: Hit, eventKey: UInt64) {
        writeHex(SplitMix64.mix(eventKey), at: 0, digits: 16)
        writeHex(SplitMix64.mix(eventKey ^ 0x5EED), at: 16, digits: 8)
        id.append(bytes: idBuffer)
        timestamp.append(int64: hit.timestamp)

        identityKeys.append(string: "ECID")
        appendIdentity(Identity(id: hit.ecid, authenticated: false, primary: true))
        if let crm = hit.crmId {
            identityKeys.append(string: "CRMID")
            appendIdentity(Identity(id: crm, authenticated: true, primary: false))
        }
        identityMap.appendListSlot()
        ecid.append(string: hit.ecid)
        appendOptional(crmId, hit.crmId)

        pageName.append(string: hit.pageName)
        pageURL.append(string: hit.pageURL)
        pageViewsValue.append(float64: 1)
        pageViews.appendStructSlot()
        pageDetails.appendStructSlot()
        appendOptional(referrerURL, hit.referrer)
        referrer.appendStructSlot()
        web.appendStructSlot()

        if let channelName = hit.channel {
            appendOptional(trackingCode, hit.trackingCode)
            channel.append(string: channelName)
            marketing.appendStructSlot()
        } else {
            marketing.appendNull()
        }

        if hit.items.isEmpty {
            items.appendNull()
        } else {
            for entry in hit.items {
                itemSKU.append(string: entry.sku)
                itemName.append(string: entry.name)
                itemPrice.append(decimal: Int128(entry.priceTotalCents))
                itemQuantity.append(int32: entry.quantity)
                item.appendStructSlot()
            }
            items.appendListSlot()
        }

        if let purchase = hit.purchaseID {
            purchaseID.append(string: purchase)
            orderPrice.append(decimal: Int128(hit.items.reduce(0) { $0 + $1.priceTotalCents }))
            order.appendStructSlot()
            purchasesValue.append(float64: 1)
            purchases.appendStructSlot()
            commerce.appendStructSlot()
        } else {
            commerce.appendNull()
        }

        countryCode.append(string: hit.countryCode)
        geo.appendStructSlot()
        place.appendStructSlot()
        browserName.append(string: hit.browser)
        browserDetails.appendStructSlot()
        environment.appendStructSlot()
        deviceType.append(string: hit.deviceType)
        device.appendStructSlot()
    }

    private func appendIdentity(_ identity: Identity) {
        identityId.append(string: identity.id)
        identityState.append(string: identity.authenticated ? "authenticated" : "ambiguous")
        identityPrimary.append(bool: identity.primary)
        identityEntries.appendStructSlot()
        identityLists.appendListSlot()
    }

    private func appendOptional(_ builder: ColumnBuilder, _ value: String?) {
        if let value { builder.append(string: value) } else { builder.appendNull() }
    }

    private func writeHex(_ value: UInt64, at offset: Int, digits: Int) {
        var v = value
        for i in stride(from: offset + digits - 1, through: offset, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: v & 0xF)
            idBuffer[i] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            v >>= 4
        }
    }

    /// The finished chunk. The builders must not be used afterwards.
    func finish() throws(ColumnarError) -> ColumnBatch {
        try ColumnBatch(schema: DemoSchemas.webEvents, columns: roots.map { $0.finish() })
    }
}
