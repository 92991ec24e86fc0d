import Columnar
import Journey
import Lake
import Testing

/// Connections, data views and report requests are checked before they are stored or run; each failure names the
/// field or component at fault.
@Suite struct JourneyValidatorTests {
    static func dataset(_ name: String, _ fields: [Field]) -> Dataset {
        Dataset(
            id: "id_" + name, sandbox: "prod", name: name, description: nil, schemaId: "s", labels: [], created: 0,
            updated: 0, rowCount: 0, sizeBytes: 0, batchCount: 0, schema: Schema(fields))
    }

    static let events = dataset(
        "web_events",
        [
            Field("timestamp", .timestamp), Field("ecid", .string), Field("crmId", .string),
            Field("web", .struct([Field("webPageDetails", .struct([Field("name", .string)]))])),
            Field("marketing", .struct([Field("channel", .string)])),
            Field("productListItems", .list(Field("element", .struct([Field("SKU", .string)])))),
            Field(
                "commerce",
                .struct([
                    Field(
                        "order",
                        .struct([Field("purchaseID", .string), Field("priceTotal", .decimal(precision: 18, scale: 2))]))
                ])),
        ])
    static let products = dataset("product_catalog", [Field("SKU", .string), Field("category", .string)])
    static let profiles = dataset("customer_profiles", [Field("crmId", .string), Field("loyaltyTier", .string)])
    static let validator = JourneyValidator(datasets: [
        "web_events": events, "product_catalog": products, "customer_profiles": profiles,
    ])

    static let connection = JourneyConnection(
        id: "dg_1", name: "demo", sandbox: "prod",
        dataSets: [
            ConnectionDataset(
                datasetId: "web_events", type: .event, personIdField: "ecid", timestampField: "timestamp"),
            ConnectionDataset(
                datasetId: "product_catalog", type: .lookup, keyField: "SKU", matchingKeyField: "productListItems.SKU"),
            ConnectionDataset(datasetId: "customer_profiles", type: .profile, personIdField: "crmId"),
        ],
        stitching: StitchingSettings(persistentIdField: "ecid", transientIdField: "crmId", replayLookbackDays: 7))

    static let view = DataView(
        id: "dv_1", name: "demo", parentDataGroupId: "dg_1",
        dimensions: [
            DimensionComponent(id: "page_name", name: "Page", field: "web.webPageDetails.name"),
            DimensionComponent(
                id: "marketing_channel", name: "Channel", field: "marketing.channel",
                persistence: Persistence(expiration: .time(seconds: 30 * 86_400))),
            DimensionComponent(id: "category", name: "Category", field: "product_catalog.category"),
        ],
        metrics: [
            MetricComponent(id: "occurrences", name: "Occurrences", kind: .occurrences),
            MetricComponent(id: "orders", name: "Orders", kind: .count(field: "commerce.order.purchaseID")),
            MetricComponent(
                id: "revenue", name: "Revenue", kind: .sum(field: "commerce.order.priceTotal"),
                attribution: Attribution(model: .lastTouch, lookback: .time(seconds: 30 * 86_400))),
        ])

    /// The field named by the `.invalid` error `body` throws.
    static func field(_ body: () throws(JourneyError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            #expect(error.code == .invalid)
            return error.field
        }
    }

    @Test func theDemoShapedConnectionAndDataViewAreValid() throws {
        try Self.validator.validate(Self.connection)
        try Self.validator.validate(Self.view, connection: Self.connection)
    }

    @Test(
        arguments: [
            ("dataSets[0].datasetId", { @Sendable (c: inout JourneyConnection) in c.dataSets[0].datasetId = "nope" }),
            (
                "dataSets[0].timestampField",
                { @Sendable (c: inout JourneyConnection) in c.dataSets[0].timestampField = "ecid" }
            ),
            (
                "dataSets[0].personIdField",
                { @Sendable (c: inout JourneyConnection) in c.dataSets[0].personIdField = "web" }
            ),
            ("dataSets[1].keyField", { @Sendable (c: inout JourneyConnection) in c.dataSets[1].keyField = "price" }),
            (
                "dataSets[1].matchingKeyField",
                { @Sendable (c: inout JourneyConnection) in c.dataSets[1].matchingKeyField = "sku" }
            ),
            (
                "dataSets[2].personIdField",
                { @Sendable (c: inout JourneyConnection) in c.dataSets[2].personIdField = nil }
            ),
            (
                "dataSets[2].datasetId",
                { @Sendable (c: inout JourneyConnection) in c.dataSets[2].datasetId = "web_events" }
            ),
            ("dataSets", { @Sendable (c: inout JourneyConnection) in c.dataSets.removeFirst() }),
            (
                "stitching.replayLookbackDays",
                { @Sendable (c: inout JourneyConnection) in c.stitching?.replayLookbackDays = 3 }
            ),
            (
                "stitching.transientIdField",
                { @Sendable (c: inout JourneyConnection) in c.stitching?.transientIdField = "crm" }
            ),
            ("name", { @Sendable (c: inout JourneyConnection) in c.name = " " }),
        ] as [(String, @Sendable (inout JourneyConnection) -> Void)])
    func aBadConnectionNamesItsField(field: String, change: @Sendable (inout JourneyConnection) -> Void) {
        var connection = Self.connection
        change(&connection)
        #expect(Self.field { () throws(JourneyError) in try Self.validator.validate(connection) } == field)
    }

    @Test(
        arguments: [
            ("timezoneDesignator", { @Sendable (v: inout DataView) in v.timezoneDesignator = "Mars/Olympus" }),
            ("session.timeoutMinutes", { @Sendable (v: inout DataView) in v.session.timeoutMinutes = 0 }),
            ("dimensions[1].id", { @Sendable (v: inout DataView) in v.dimensions[1].id = "page_name" }),
            ("dimensions[0].id", { @Sendable (v: inout DataView) in v.dimensions[0].id = "page name" }),
            ("metrics[0].id", { @Sendable (v: inout DataView) in v.metrics[0].id = "page_name" }),
            ("dimensions[page_name].field", { @Sendable (v: inout DataView) in v.dimensions[0].field = "web.nope" }),
            (
                "metrics[revenue].kind.sum.field",
                { @Sendable (v: inout DataView) in v.metrics[2].kind = .sum(field: "ecid") }
            ),
            (
                "metrics[orders].kind.count.field",
                { @Sendable (v: inout DataView) in v.metrics[1].kind = .count(field: "x") }
            ),
            (
                "dimensions[marketing_channel].persistence.expiration",
                { @Sendable (v: inout DataView) in v.dimensions[1].persistence?.expiration = .time(seconds: 91 * 86_400)
                }
            ),
            (
                "dimensions[marketing_channel].persistence.bindingMetric",
                { @Sendable (v: inout DataView) in v.dimensions[1].persistence?.bindingMetric = "nope" }
            ),
            (
                "dimensions[marketing_channel].persistence.bindingDimension",
                { @Sendable (v: inout DataView) in v.dimensions[1].persistence?.bindingDimension = "nope" }
            ),
            (
                "metrics[revenue].attribution.lookback",
                { @Sendable (v: inout DataView) in v.metrics[2].attribution?.lookback = .time(seconds: 0) }
            ),
            (
                "metrics[revenue].attribution.model.timeDecay.halfLifeSeconds",
                { @Sendable (v: inout DataView) in v.metrics[2].attribution?.model = .timeDecay(halfLifeSeconds: 0) }
            ),
            (
                "metrics[revenue].attribution.model.custom",
                { @Sendable (v: inout DataView) in
                    v.metrics[2].attribution?.model = .custom(first: 0, middle: 0, last: 0)
                }
            ),
            (
                "metrics[revenue].attribution.model.custom",
                { @Sendable (v: inout DataView) in
                    v.metrics[2].attribution?.model = .custom(first: 50, middle: -1, last: 50)
                }
            ),
        ] as [(String, @Sendable (inout DataView) -> Void)])
    func aBadDataViewNamesItsComponent(field: String, change: @Sendable (inout DataView) -> Void) {
        var view = Self.view
        change(&view)
        #expect(
            Self.field { () throws(JourneyError) in try Self.validator.validate(view, connection: Self.connection) }
                == field)
    }

    @Test func aDataViewWithoutItsConnectionNamesTheParent() {
        #expect(
            Self.field { () throws(JourneyError) in try Self.validator.validate(Self.view, connection: nil) }
                == "parentDataGroupId")
    }

    @Test func reportRequestsNameTheirComponent() {
        func field(_ request: ReportRequest) -> String? {
            Self.field { () throws(JourneyError) in try JourneyValidator.validate(request, dataView: Self.view) }
        }
        let metrics = MetricContainer(metrics: [ReportMetric(columnId: "0", id: "metrics/occurrences")])
        #expect(field(ReportRequest(dataId: "dv_1", metricContainer: metrics, dimension: "variables/page_name")) == nil)
        #expect(field(ReportRequest(dataId: "dv_1", metricContainer: metrics, dimension: "variables/x")) == "dimension")
        let unknown = MetricContainer(metrics: [ReportMetric(columnId: "0", id: "metrics/nope")])
        #expect(
            field(ReportRequest(dataId: "dv_1", metricContainer: unknown, dimension: "page_name"))
                == "metricContainer.metrics[0].id")
        #expect(
            field(
                ReportRequest(
                    dataId: "dv_1", metricContainer: metrics, dimension: "page_name",
                    settings: ReportSettings(limit: 0))) == "settings.limit")
        #expect(
            field(
                ReportRequest(
                    dataId: "dv_1", globalFilters: [GlobalFilter(type: "dateRange", dateRange: "2024-01-01")],
                    metricContainer: metrics, dimension: "page_name")) == "globalFilters[0].dateRange")
    }

    @Test func fieldPathsDescendThroughStructsAndLists() {
        #expect(FieldPath.type(of: "productListItems.SKU", in: Self.events.schema) == .string)
        #expect(FieldPath.type(of: "web.webPageDetails.name", in: Self.events.schema) == .string)
        #expect(FieldPath.type(of: "web.webPageDetails.name.x", in: Self.events.schema) == nil)
        #expect(FieldPath.type(of: "web..name", in: Self.events.schema) == nil)
        #expect(FieldPath.type(of: "", in: Self.events.schema) == nil)
    }
}
