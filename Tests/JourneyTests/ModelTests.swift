import Foundation
import Journey
import Testing

struct ModelTests {
    static let view = DataView(
        id: "dv_1", name: "demo", parentDataGroupId: "dg_1",
        dimensions: [
            DimensionComponent(
                id: "marketing_channel", name: "Marketing channel", field: "marketing.channel",
                persistence: Persistence(allocation: .mostRecent, expiration: .time(seconds: 30 * 86_400)))
        ],
        metrics: [
            MetricComponent(
                id: "revenue", name: "Revenue", kind: .sum(field: "commerce.order.priceTotal"),
                attribution: Attribution(model: .timeDecay(halfLifeSeconds: 7 * 86_400), lookback: .session))
        ])

    @Test func componentsAreFoundByBareAndCJAIds() {
        #expect(Self.view.dimension("variables/marketing_channel")?.field == "marketing.channel")
        #expect(Self.view.dimension("marketing_channel") != nil)
        #expect(Self.view.metric("metrics/revenue")?.name == "Revenue")
        #expect(Self.view.metric("metrics/nope") == nil)
    }

    @Test func aDataViewRoundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(Self.view)
        #expect(try JSONDecoder().decode(DataView.self, from: data) == Self.view)
    }

    @Test func errorsNameTheirComponent() {
        let error = JourneyError.invalid("dimensions[0].field", "field 'nope' is not in the event datasets")
        #expect(error.description == "invalid dimensions[0].field: field 'nope' is not in the event datasets")
    }
}
