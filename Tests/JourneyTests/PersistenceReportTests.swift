import Testing

@testable import Journey

/// Persistence end to end on a small lake: expiration at midnight in the data view's time zone, expiration on a
/// metric, allocation `all` and a binding dimension.
struct PersistenceReportTests {
    typealias Event = JourneyFixture.Event

    func report(
        _ fixture: JourneyFixture, _ metrics: [String], view: DataView, dateRange: String? = nil
    ) async throws -> [String: [Double]] {
        let response = try await fixture.engine.run(
            JourneyFixture.request(metrics, dateRange: dateRange), dataView: view,
            connection: JourneyFixture.connection(stitching: false))
        return Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) })
    }

    @Test func valuesExpireAtMidnightInTheDataViewsTimeZone() async throws {
        let fixture = try JourneyFixture()
        // Minute 300 is 2026-01-01T05:00Z, midnight in New York. The value is set at 23:59 there, the events
        // after it at 00:01 and 00:02, in the same session.
        try fixture.append([
            Event(ecid: "d1", minute: 299, channel: "email"), Event(ecid: "d1", minute: 301, revenue: 7),
            Event(ecid: "d1", minute: 302),
        ])
        let day = "2026-01-01/2026-01-02"
        func view(_ expiration: Persistence.Expiration, zone: String = "America/New_York") -> DataView {
            var view = JourneyFixture.dataView(persistence: Persistence(expiration: expiration))
            view.timezoneDesignator = zone
            return view
        }
        // The reporting window starts at midnight in New York: the value set a minute before does not reach into it.
        let person = try await report(fixture, ["occurrences", "revenue"], view: view(.person), dateRange: day)
        #expect(person == ["Unspecified": [2, 7]])
        // A session does not end at midnight, so session expiration carries the value over.
        let session = try await report(fixture, ["occurrences", "revenue"], view: view(.session), dateRange: day)
        #expect(session == ["email": [2, 7]])
        // Sixty seconds after 23:59 it has expired, midnight or not.
        let minute = try await report(fixture, ["occurrences"], view: view(.time(seconds: 60)), dateRange: day)
        #expect(minute == ["Unspecified": [2]])
        // The same day in UTC starts at minute 0: all three events are in the window and the value persists.
        let utc = try await report(fixture, ["occurrences"], view: view(.person, zone: "UTC"), dateRange: day)
        #expect(utc == ["email": [3]])
    }

    @Test func expirationOnAMetricEndsAfterTheOrder() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 1, revenue: 10),
            Event(ecid: "d1", minute: 2), Event(ecid: "d1", minute: 3, revenue: 4),
        ])
        let view = JourneyFixture.dataView(persistence: Persistence(expiration: .metric("revenue")))
        let report = try await report(fixture, ["occurrences", "revenue"], view: view)
        #expect(report == ["email": [2, 10], "Unspecified": [2, 4]])
        var sessions = view
        sessions.dimensions[0].persistence = Persistence(expiration: .metric("sessions"))
        await #expect(throws: JourneyError.self) { _ = try await self.report(fixture, ["occurrences"], view: sessions) }
    }

    @Test func allocationAllGivesEveryValueFullCredit() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 1, channel: "social"),
            Event(ecid: "d1", minute: 2, revenue: 10), Event(ecid: "d2", minute: 0, revenue: 3),
        ])
        let view = JourneyFixture.dataView(persistence: Persistence(allocation: .all))
        let response = try await fixture.engine.run(
            JourneyFixture.request(["occurrences", "people", "revenue"]), dataView: view,
            connection: JourneyFixture.connection(stitching: false))
        let rows = Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) })
        #expect(rows == ["email": [3, 1, 10], "social": [2, 1, 10], "Unspecified": [1, 1, 3]])
        // Totals count each event once.
        #expect(response.summaryData.totals == [4, 2, 13])
    }

    @Test func aBindingDimensionCreditsTheValueBoundToTheEventsItem() async throws {
        let fixture = try JourneyFixture()
        // The channel binds to the login on the event that sets it; the later event of login A reports email.
        try fixture.append([
            Event(ecid: "d1", crmId: "A", minute: 0, channel: "email"),
            Event(ecid: "d1", crmId: "B", minute: 1, channel: "social"),
            Event(ecid: "d1", crmId: "A", minute: 2, revenue: 10), Event(ecid: "d1", minute: 3, revenue: 5),
        ])
        var view = JourneyFixture.dataView(persistence: Persistence(bindingDimension: "login"))
        view.dimensions.append(DimensionComponent(id: "login", name: "Login", field: "crmId"))
        let report = try await report(fixture, ["occurrences", "revenue"], view: view)
        #expect(report == ["email": [2, 10], "social": [2, 5]])
    }

    @Test func aBreakdownOnAnAllocationAllDimensionMatchesAnyOfItsValues() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", crmId: "A", minute: 0, channel: "email"), Event(ecid: "d1", minute: 1, channel: "social"),
            Event(ecid: "d1", crmId: "B", minute: 2), Event(ecid: "d2", minute: 0, channel: "email"),
        ])
        var view = JourneyFixture.dataView()
        view.dimensions.append(
            DimensionComponent(id: "login", name: "Login", field: "crmId", persistence: Persistence(allocation: .all)))
        var request = JourneyFixture.request(["occurrences"])
        request.breakdowns = [Breakdown(dimension: "variables/login", itemId: ReportTable.itemId("A"))]
        let connection = JourneyFixture.connection(stitching: false)
        let response = try await fixture.engine.run(request, dataView: view, connection: connection)
        // d1's three events all have A in force (B joins it on the third); d2 has no login.
        #expect(
            Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) }) == [
                "email": [1], "social": [1], "Unspecified": [1],
            ])
        view.dimensions[1].persistence = Persistence(bindingDimension: "channel")
        await #expect(throws: JourneyError.self) {
            _ = try await fixture.engine.run(request, dataView: view, connection: connection)
        }
    }
}
