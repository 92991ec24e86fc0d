import Journey
import Testing

/// Segments, metric filters and breakdowns in reports end to end on a small lake: a segment filters which events
/// count (sessions and people among them), context events still give touch points, a metric filter restricts one
/// column and its total.
///
/// d1: minute 0 email, 1, 2 revenue 10 (session 1); 100 search, 101 revenue 5 (session 2). d2: 0 search revenue 7.
struct SegmentReportTests {
    typealias Event = JourneyFixture.Event

    static func fixture() throws -> JourneyFixture {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 1),
            Event(ecid: "d1", minute: 2, revenue: 10), Event(ecid: "d1", minute: 100, channel: "search"),
            Event(ecid: "d1", minute: 101, revenue: 5), Event(ecid: "d2", minute: 0, channel: "search", revenue: 7),
        ])
        return fixture
    }

    static func segment(_ context: String, _ pred: String) throws -> SegmentDefinition {
        try SegmentDefinitionTests.decode(
            #"{"func": "segment", "version": [1, 0, 0], "container": {"func": "container", "context": ""# + context
                + #"", "pred": "# + pred + "}}")
    }

    static let channelIsEmail =
        #"{"func": "streq", "str": "EMAIL", "val": {"func": "attr", "name": "variables/channel"}}"#
    static let lastTouch = Attribution(model: .lastTouch, lookback: .session)

    static func run(_ fixture: JourneyFixture, _ request: ReportRequest) async throws -> ReportResponse {
        try await fixture.engine.run(
            request, dataView: JourneyFixture.dataView(attribution: lastTouch),
            connection: JourneyFixture.connection(stitching: false))
    }

    static func rows(_ response: ReportResponse) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) })
    }

    @Test func aSessionSegmentCountsOnlyTheEventsOfMatchingSessions() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences", "sessions", "people", "revenue"])
        let unfiltered = Self.rows(try await Self.run(fixture, request))
        #expect(unfiltered["search"] == [2, 2, 2, 12])
        request.globalFilters = [
            GlobalFilter(type: "segment", segmentDefinition: try Self.segment("visits", Self.channelIsEmail))
        ]
        let response = try await Self.run(fixture, request)
        #expect(Self.rows(response) == ["email": [1, 1, 1, 10], "Unspecified": [2, 1, 1, 0]])
        #expect(response.summaryData.totals == [3, 1, 1, 10])
    }

    @Test func aPersonSegmentKeepsThePersonsWholeWindowAndAHitSegmentOnlyItsEvents() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences", "revenue"])
        request.globalFilters = [
            GlobalFilter(type: "segment", segmentDefinition: try Self.segment("visitors", Self.channelIsEmail))
        ]
        #expect(
            Self.rows(try await Self.run(fixture, request))
                == ["email": [1, 10], "search": [1, 5], "Unspecified": [3, 0]])
        request.globalFilters = [
            GlobalFilter(
                type: "segment",
                segmentDefinition: try Self.segment(
                    "hits", #"{"func": "gt", "num": 6, "val": {"func": "metric", "name": "metrics/revenue"}}"#))
        ]
        // Only the two orders above 6 count; their touch points (context events) still take the credit.
        let response = try await Self.run(fixture, request)
        #expect(Self.rows(response) == ["email": [0, 10], "search": [1, 7], "Unspecified": [1, 0]])
    }

    @Test func metricFiltersRestrictOneColumnAndItsTotal() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["sessions", "sessions"])
        request.metricContainer.metricFilters = [
            MetricFilter(
                id: "f1", type: "segment",
                segmentDefinition: try Self.segment(
                    "visits",
                    #"{"func": "sequence", "stream": [{"func": "exists", "val": {"func": "attr", "name": "variables/channel"}}, {"func": "time-restriction", "limit": "within", "count": 5, "unit": "minute"}, {"func": "exists", "val": {"func": "metric", "name": "metrics/revenue"}}]}"#
                ))
        ]
        request.metricContainer.metrics[1].filters = ["f1"]
        let response = try await Self.run(fixture, request)
        // Sessions where an order followed a channel within 5 minutes: d1's two (d2's order is the same event).
        #expect(Self.rows(response) == ["email": [1, 1], "search": [2, 1], "Unspecified": [2, 2]])
        #expect(response.summaryData.totals == [3, 2])
    }

    @Test func breakdownsCountTheEventsOfOneItemOfAnotherDimension() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences", "occurrences"])
        let search = try #require(try await Self.run(fixture, request).rows.first { $0.value == "search" }?.itemId)
        request.metricContainer.metricFilters = [
            MetricFilter(id: "b", type: "breakdown", dimension: "variables/channel", itemId: search),
            MetricFilter(id: "none", type: "breakdown", dimension: "variables/channel", itemId: "0"),
        ]
        request.metricContainer.metrics[0].filters = ["b"]
        request.metricContainer.metrics[1].filters = ["none"]
        let response = try await Self.run(fixture, request)
        // Rows are the items of counted events (no global filter here: all of them).
        #expect(Self.rows(response) == ["email": [0, 0], "search": [2, 0], "Unspecified": [0, 3]])
        #expect(response.summaryData.totals == [2, 3])
        request.metricContainer.metricFilters = nil
        request.metricContainer.metrics[0].filters = nil
        request.metricContainer.metrics[1].filters = nil
        request.breakdowns = [Breakdown(dimension: "variables/channel", itemId: search)]
        #expect(Self.rows(try await Self.run(fixture, request)) == ["search": [2, 2]])
    }

    /// Each leaf comparison runs in the load query (case-insensitive; null never matches, `not-…` negates per event).
    @Test(arguments: [
        (#"{"func": "streq", "str": "Search""#, ["search": 2.0]),
        (#"{"func": "not-streq", "str": "search""#, ["email": 1, "Unspecified": 3]),
        (#"{"func": "contains", "str": "EAR""#, ["search": 2]),
        (#"{"func": "not-contains", "str": "a""#, ["Unspecified": 3]),
        (#"{"func": "starts-with", "str": "em""#, ["email": 1]),
        (#"{"func": "ends-with", "str": "ch""#, ["search": 2]),
        (#"{"func": "streq-in", "list": ["EMAIL", "x"]"#, ["email": 1]),
        (#"{"func": "not-streq-in", "list": ["email", "search"]"#, ["Unspecified": 3]),
        (#"{"func": "exists""#, ["email": 1, "search": 2]),
        (#"{"func": "not-exists""#, ["Unspecified": 3]),
    ])
    func leafComparisonsRunInTheLoadQuery(comparison: String, expected: [String: Double]) async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences"])
        let pred = comparison + #", "val": {"func": "attr", "name": "variables/channel"}}"#
        request.globalFilters = [GlobalFilter(type: "segment", segmentDefinition: try Self.segment("hits", pred))]
        #expect(Self.rows(try await Self.run(fixture, request)).mapValues { $0[0] } == expected)
    }

    @Test func aComparisonOnAPersistedDimensionReadsThePersistedValue() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences", "revenue"])
        request.globalFilters = [
            GlobalFilter(type: "segment", segmentDefinition: try Self.segment("hits", Self.channelIsEmail))
        ]
        let session = Persistence(allocation: .mostRecent, expiration: .session)
        let response = try await fixture.engine.run(
            request, dataView: JourneyFixture.dataView(persistence: session),
            connection: JourneyFixture.connection(stitching: false))
        // Email persists over d1's first session: its three events, and the order among them, are in the segment.
        #expect(Self.rows(response) == ["email": [3, 10]])
        let raw = Self.rows(try await Self.run(fixture, request))
        #expect(raw == ["email": [1, 0]])
        // With allocation all, an event matches when any value in force matches.
        let all = Persistence(allocation: .all, expiration: .session)
        let sets = try await fixture.engine.run(
            request, dataView: JourneyFixture.dataView(persistence: all),
            connection: JourneyFixture.connection(stitching: false))
        #expect(sets.summaryData.totals == [3, 10])
    }

    @Test func numericComparisonsReadADimensionsNumber() async throws {
        let fixture = try Self.fixture()
        var view = JourneyFixture.dataView()
        view.dimensions.append(DimensionComponent(id: "amount", name: "Amount", field: "revenue"))
        var request = JourneyFixture.request(["occurrences"])
        request.globalFilters = [
            GlobalFilter(
                type: "segment",
                segmentDefinition: try Self.segment(
                    "hits", #"{"func": "ge", "num": 7, "val": {"func": "attr", "name": "variables/amount"}}"#))
        ]
        let response = try await fixture.engine.run(
            request, dataView: view, connection: JourneyFixture.connection(stitching: false))
        #expect(Self.rows(response) == ["search": [1], "Unspecified": [1]])
    }

    @Test func unresolvedOrInvalidFiltersAreRefusedByName() async throws {
        let fixture = try Self.fixture()
        var request = JourneyFixture.request(["occurrences"])
        request.globalFilters = [GlobalFilter(type: "segment", segmentId: "s_missing")]
        await #expect(throws: JourneyError.self) { _ = try await Self.run(fixture, request) }
        request.globalFilters = [
            GlobalFilter(
                type: "segment",
                segmentDefinition: try Self.segment(
                    "hits", #"{"func": "exists", "val": {"func": "metric", "name": "metrics/nope"}}"#))
        ]
        await #expect(
            throws: JourneyError.invalid(
                "globalFilters[0].segmentDefinition.container.pred.val",
                "'metrics/nope' is not a metric of data view 'dv_test'")
        ) { _ = try await Self.run(fixture, request) }
        request.globalFilters = []
        request.metricContainer.metrics[0].filters = ["missing"]
        await #expect(
            throws: JourneyError.invalid(
                "metricContainer.metrics[0].filters[0]", "no metric filter has the id 'missing'")
        ) { _ = try await Self.run(fixture, request) }
    }
}
