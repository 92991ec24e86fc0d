public import Journey

/// The demo's journey definitions: a connection `demo` over the three demo datasets (events stitched from `ecid`
/// and `crmId`, the product catalog as a lookup by SKU, the customer profiles by CRM id) and a data view `demo`
/// (UTC, 30-minute sessions) with the dimensions and metrics a first report needs, among them a lookup attribute
/// (`product_category`), a profile attribute (`loyalty_tier`) and a derived field (`site_section`). `install` is
/// idempotent.
public enum DemoJourney {
    /// The name of the demo connection and of the demo data view.
    public static let name = "demo"

    /// The demo connection in `sandbox` (its id, version and times are the store's).
    public static func connection(sandbox: String) -> JourneyConnection {
        JourneyConnection(
            id: "", name: name, description: "Outflow demo: web events stitched from ECID and CRM id",
            sandbox: sandbox,
            dataSets: [
                ConnectionDataset(
                    datasetId: DemoSchemas.webEventsName, type: .event, personIdField: "ecid",
                    timestampField: "timestamp"),
                ConnectionDataset(
                    datasetId: DemoSchemas.productCatalogName, type: .lookup, keyField: "SKU",
                    matchingKeyField: "productListItems.SKU"),
                ConnectionDataset(datasetId: DemoSchemas.customerProfilesName, type: .profile, personIdField: "crmId"),
            ],
            stitching: StitchingSettings(persistentIdField: "ecid", transientIdField: "crmId", replayLookbackDays: 7))
    }

    /// The demo data view over connection `connectionId`.
    public static func dataView(connectionId: String) -> DataView {
        DataView(
            id: "", name: name, description: "Outflow demo: pages, channels and revenue",
            parentDataGroupId: connectionId, timezoneDesignator: "UTC",
            session: SessionDefinition(timeoutMinutes: 30),
            dimensions: [
                DimensionComponent(id: "page_name", name: "Page name", field: "web.webPageDetails.name"),
                DimensionComponent(id: "marketing_channel", name: "Marketing channel", field: "marketing.channel"),
                DimensionComponent(id: "tracking_code", name: "Tracking code", field: "marketing.trackingCode"),
                DimensionComponent(id: "country", name: "Country", field: "placeContext.geo.countryCode"),
                DimensionComponent(id: "device_type", name: "Device type", field: "device.type"),
                // A lookup attribute: the category of the event's (first) product, from the product catalog.
                DimensionComponent(id: "product_category", name: "Product category", field: "product_catalog.category"),
                // A profile attribute: the loyalty tier of the authenticated customer (events with a CRM id).
                DimensionComponent(id: "loyalty_tier", name: "Loyalty tier", field: "customer_profiles.loyaltyTier"),
                DimensionComponent(id: "site_section", name: "Site section", field: "derived.site_section"),
            ],
            metrics: [
                MetricComponent(id: "occurrences", name: "Occurrences", kind: .occurrences),
                MetricComponent(id: "sessions", name: "Sessions", kind: .sessions),
                MetricComponent(id: "people", name: "People", kind: .people),
                // Orders and revenue both go to the last touch within 30 days, so they line up by channel.
                MetricComponent(
                    id: "orders", name: "Orders", kind: .count(field: "commerce.order.purchaseID"),
                    attribution: lastTouch30Days),
                MetricComponent(
                    id: "revenue", name: "Revenue", kind: .sum(field: "commerce.order.priceTotal"),
                    attribution: lastTouch30Days),
            ],
            derivedFields: derivedFields)
    }

    static let lastTouch30Days = Attribution(model: .lastTouch, lookback: .time(seconds: 30 * 86_400))

    /// The demo's derived fields: the page URL's path, and the site section it belongs to (Case When on it).
    static let derivedFields = [
        DerivedField(
            id: "url_path", name: "URL path",
            function: .urlParse(input: DerivedValue(field: "web.webPageDetails.URL"), component: .path, parameter: nil)),
        DerivedField(
            id: "site_section", name: "Site section",
            function: .caseWhen(
                rules: [
                    CaseRule(
                        conditions: [CaseCondition(field: "derived.url_path", operator: .startsWith, value: "/p/")],
                        result: DerivedValue(value: "Products")),
                    CaseRule(
                        conditions: [
                            CaseCondition(field: "derived.url_path", operator: .startsWith, value: "/guides/")
                        ],
                        result: DerivedValue(value: "Guides")),
                    CaseRule(
                        conditions: [
                            CaseCondition(field: "derived.url_path", operator: .equals, value: "/cart"),
                            CaseCondition(field: "derived.url_path", operator: .startsWith, value: "/checkout"),
                        ], match: .any, result: DerivedValue(value: "Checkout")),
                ], otherwise: DerivedValue(value: "Other"))),
    ]

    /// Creates the demo connection and data view in `sandbox`, or brings existing ones named `demo` back to these
    /// definitions; running it again changes nothing. Returns what is stored.
    @discardableResult
    public static func install(on service: JourneyService, sandbox: String) async throws(JourneyError)
        -> (connection: JourneyConnection, dataView: DataView)
    {
        let wanted = connection(sandbox: sandbox)
        let connection: JourneyConnection
        if let existing = try await service.connections(sandbox: sandbox).first(where: { $0.name == name }) {
            if sameDefinition(existing, wanted) {
                connection = existing
            } else {
                connection = try await service.updateConnection(
                    wanted, id: existing.id, sandbox: sandbox, ifMatch: existing.version)
            }
        } else {
            connection = try await service.createConnection(wanted, sandbox: sandbox)
        }
        let view = dataView(connectionId: connection.id)
        if let existing = try await service.dataViews(sandbox: sandbox).first(where: { $0.name == name }) {
            guard !sameDefinition(existing, view) else { return (connection, existing) }
            let updated = try await service.updateDataView(
                view, id: existing.id, sandbox: sandbox, ifMatch: existing.version)
            return (connection, updated)
        }
        let created = try await service.createDataView(view, sandbox: sandbox)
        return (connection, created)
    }

    static func sameDefinition(_ a: JourneyConnection, _ b: JourneyConnection) -> Bool {
        a.description == b.description && a.dataSets == b.dataSets && a.stitching == b.stitching
    }

    static func sameDefinition(_ a: DataView, _ b: DataView) -> Bool {
        a.description == b.description && a.parentDataGroupId == b.parentDataGroupId
            && a.timezoneDesignator == b.timezoneDesignator && a.session == b.session
            && a.containerNames == b.containerNames && a.dimensions == b.dimensions && a.metrics == b.metrics
            && a.derivedFields == b.derivedFields
    }
}
