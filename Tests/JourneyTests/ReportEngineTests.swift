import Journey
import Testing

/// Reports end to end on a small lake: the edge cases of issue 15 (late data, two devices, a shared device,
/// replay after a login, the session timeout) and the request's validation.
struct ReportEngineTests {
    typealias Event = JourneyFixture.Event

    @Test func eventsExactlyAtTheSessionTimeoutStayInOneSession() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 30),
            Event(ecid: "d1", minute: 60), Event(ecid: "d2", minute: 0, channel: "email"),
            Event(ecid: "d2", minute: 31),
        ])
        let report = try await fixture.report(["sessions"], stitching: false)
        // d1's events 30 minutes apart are one session (its later two are Unspecified); d2's 31 minutes apart are two.
        #expect(report["email"] == [2])
        #expect(report["Unspecified"] == [2])
    }

    @Test func aLateBatchChangesEarlierSessionsAndAttribution() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 50, revenue: 10),
        ])
        let lastTouch = Attribution(model: .lastTouch, lookback: .session)
        let before = try await fixture.report(["sessions", "revenue"], stitching: false, attribution: lastTouch)
        #expect(before["email"] == [1, 0])
        #expect(before["Unspecified"] == [1, 10])
        try fixture.append([Event(ecid: "d1", minute: 25)])
        let after = try await fixture.report(["sessions", "revenue"], stitching: false, attribution: lastTouch)
        #expect(after["email"] == [1, 10])
        #expect(after["Unspecified"] == [1, 0])
    }

    @Test func aPersonWithTwoDevicesIsCountedOnceAndCreditedAcrossDevices() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "phone", minute: 0, channel: "social"), Event(ecid: "phone", crmId: "A", minute: 1),
            Event(ecid: "laptop", crmId: "A", minute: 600, channel: nil),
            Event(ecid: "laptop", crmId: "A", minute: 601, revenue: 50),
        ])
        let thirtyDays = Attribution(model: .lastTouch, lookback: .time(seconds: 30 * 86_400))
        let stitched = try await fixture.report(["people", "revenue"], attribution: thirtyDays)
        #expect(stitched["social"] == [1, 50])
        let unstitched = try await fixture.report(["people", "revenue"], stitching: false, attribution: thirtyDays)
        #expect(unstitched["social"] == [1, 0])
        #expect(unstitched["Unspecified"] == [2, 50])
    }

    @Test func aSharedDeviceCreditsEachPersonWithTheirOwnTouches() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "tablet", crmId: "A", minute: 0, channel: "email"),
            Event(ecid: "tablet", minute: 5, revenue: 20),
            Event(ecid: "tablet", crmId: "B", minute: 120, channel: "search"),
            Event(ecid: "tablet", minute: 125, revenue: 30),
        ])
        let personLookback = Attribution(model: .lastTouch, lookback: .person)
        let report = try await fixture.report(["people", "revenue"], attribution: personLookback)
        #expect(report["email"] == [1, 20])
        #expect(report["search"] == [1, 30])
    }

    @Test func replayAfterALoginGivesEarlierAnonymousTouchesToThePerson() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "display"),
            Event(ecid: "d2", crmId: "A", minute: 2 * 1_440, channel: "email"),
            Event(ecid: "d1", crmId: "A", minute: 3 * 1_440),
            Event(ecid: "d2", crmId: "A", minute: 4 * 1_440, revenue: 40),
        ])
        let firstTouch = Attribution(model: .firstTouch, lookback: .time(seconds: 30 * 86_400))
        let report = try await fixture.report(["people", "revenue"], attribution: firstTouch)
        #expect(report["display"] == [1, 40])
        #expect(report["email"] == [1, 0])
    }

    @Test func theDateRangeIsInTheDataViewsZoneAndLookbacksReachBeforeIt() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "email"), Event(ecid: "d1", minute: 2 * 1_440, revenue: 5),
        ])
        let thirtyDays = Attribution(model: .lastTouch, lookback: .time(seconds: 30 * 86_400))
        let report = try await fixture.report(
            ["occurrences", "revenue"], attribution: thirtyDays, dateRange: "2026-01-02T00:00:00/2026-01-04T00:00:00")
        #expect(report["email"] == [0, 5])
        #expect(report["Unspecified"] == [1, 0])
    }

    @Test func unknownComponentsAreRefusedByName() async throws {
        let fixture = try JourneyFixture()
        let view = JourneyFixture.dataView()
        let connection = JourneyFixture.connection(stitching: false)
        var request = JourneyFixture.request(["nope"])
        await #expect(throws: JourneyError.invalid("metricContainer.metrics[0]", "unknown metric 'metrics/nope'")) {
            _ = try await fixture.engine.run(request, dataView: view, connection: connection)
        }
        request = JourneyFixture.request(["occurrences"])
        request.dimension = "variables/missing"
        await #expect(throws: JourneyError.invalid("dimension", "unknown dimension 'variables/missing'")) {
            _ = try await fixture.engine.run(request, dataView: view, connection: connection)
        }
    }

    @Test func rowsAreSortedPagedAndTotalled() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "b"), Event(ecid: "d1", minute: 1, channel: "b"),
            Event(ecid: "d2", minute: 0, channel: "a"), Event(ecid: "d3", minute: 0, channel: "c"),
        ])
        var request = JourneyFixture.request(["occurrences", "people"])
        request.settings = ReportSettings(limit: 2, page: 0)
        let response = try await fixture.engine.run(
            request, dataView: JourneyFixture.dataView(), connection: JourneyFixture.connection(stitching: false))
        #expect(response.rows.map(\.value) == ["b", "a"])
        #expect(response.totalPages == 2 && response.totalElements == 3 && !response.lastPage)
        #expect(response.summaryData.totals == [4, 3])
        #expect(response.rows.first?.itemId != response.rows.last?.itemId)
    }

    @Test func aCountOfATextFieldCountsTheEventsThatHaveIt() async throws {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", crmId: "A", minute: 0, channel: "email"), Event(ecid: "d1", minute: 1, channel: "email"),
            Event(ecid: "d2", crmId: "B", minute: 0, channel: "social"),
        ])
        var view = JourneyFixture.dataView()
        // Like the demo's orders (a count of the text `purchaseID`).
        view.metrics.append(MetricComponent(id: "logins", name: "Logins", kind: .count(field: "crmId")))
        let response = try await fixture.engine.run(
            JourneyFixture.request(["logins", "occurrences"]), dataView: view,
            connection: JourneyFixture.connection(stitching: false))
        #expect(
            Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data) }) == [
                "email": [1, 2], "social": [1, 1],
            ])
    }
}
