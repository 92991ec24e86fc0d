import Foundation
import QueryService
import SQL
import Storage
import Testing

@testable import Journey

/// Replay runs end to end on a small lake: the stitched dataset's rows, privacy deletions reverting them (and
/// reports), the run records, the schedule's slots and full-table report exports.
@Suite struct StitchedDatasetTests {
    typealias Event = JourneyFixture.Event

    /// A fixture lake with the stitched connection `dg_test` stored, and the services over it.
    struct Setup {
        let fixture: JourneyFixture
        let journeyStore: SQLiteJourneyStore
        let stitchingStore: SQLiteStitchingStore
        let queryStore: SQLiteQueryStore
        let stitching: StitchingService
        let engine: ReportEngine

        init(_ events: [Event]) async throws {
            fixture = try JourneyFixture()
            try fixture.append(events)
            let lake = fixture.lake
            journeyStore = try SQLiteJourneyStore(lake: lake)
            stitchingStore = try SQLiteStitchingStore(lake: lake)
            let queryStore = try SQLiteQueryStore(lake: lake)
            self.queryStore = queryStore
            let makeSession: ReportEngine.SessionMaker = { QuerySession(lake: lake, sandbox: $0, store: queryStore) }
            _ = try await journeyStore.saveConnection(JourneyFixture.connection(stitching: true), ifMatch: nil)
            stitching = StitchingService(
                store: stitchingStore, journey: journeyStore, lake: lake, makeSession: makeSession)
            let deletions = stitchingStore
            engine = ReportEngine(
                makeSession: makeSession,
                forgottenIds: { connection async throws(JourneyError) in
                    try await deletions.forgottenIds(connectionId: connection.id)
                })
        }

        /// `ecid@minute` -> (crmId, stitchedId, stitchedNamespace) of a stitched dataset (or view).
        func rows(_ name: String) async throws -> [String: [String?]] {
            let session = QuerySession(lake: fixture.lake, sandbox: "prod", store: queryStore)
            let result = try await session.run(
                "SELECT ecid, crmId, timestamp, stitchedId, stitchedNamespace FROM \"\(name)\"")
            var rows: [String: [String?]] = [:]
            while let batch = try await result.next() {
                for row in batch.rows {
                    guard case let .text(ecid) = row[0], case let .timestamp(micros) = row[2] else { continue }
                    let minute = (micros - JourneyFixture.origin) / 60_000_000
                    rows["\(ecid)@\(minute)"] = [row[1], row[3], row[4]].map { (datum: Datum) -> String? in
                        if case let .text(value) = datum { return value }
                        return nil
                    }
                }
            }
            return rows
        }

        func people() async throws -> Double? {
            let response = try await engine.run(
                JourneyFixture.request(["people"]), dataView: JourneyFixture.dataView(),
                connection: JourneyFixture.connection(stitching: true))
            return response.summaryData.totals.first
        }
    }

    static let events: [Event] = [
        // Two devices, one person: the phone's earlier anonymous event is replayed to A, the laptop's later one
        // stitched live.
        Event(ecid: "phone", minute: 0, channel: "social"), Event(ecid: "phone", crmId: "A", minute: 1),
        Event(ecid: "laptop", crmId: "A", minute: 600), Event(ecid: "laptop", minute: 601, revenue: 50),
        // A shared device: before any login to the first person, between logins to the last one authenticated.
        Event(ecid: "tablet", minute: 1_800), Event(ecid: "tablet", crmId: "A", minute: 1_900),
        Event(ecid: "tablet", minute: 1_950), Event(ecid: "tablet", crmId: "B", minute: 2_000, channel: "email"),
        Event(ecid: "tablet", minute: 2_005),
        // Never authenticated; and an anonymous event older than the 7-day lookback before its login.
        Event(ecid: "d9", minute: 0), Event(ecid: "kiosk", minute: 0), Event(ecid: "kiosk", crmId: "C", minute: 11_520),
    ]

    @Test func aReplayRunWritesEveryEventWithItsStitchedId() async throws {
        let setup = try await Setup(Self.events)
        let run = try await setup.stitching.replay(connectionId: "dg_test", sandbox: "prod")
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        #expect(run.progress == StitchingRun.Progress(eventsRead: 12, eventsWritten: 12))
        #expect(run.startedAt != nil && run.endedAt != nil)
        let dataset = try #require(run.stitchedDataSets.first)
        #expect(dataset.view == "test_stitched")
        #expect(dataset.name.hasPrefix("test_stitched_"))
        let rows = try await setup.rows(dataset.name)
        #expect(rows.count == 12)
        let expected: [String: [String?]] = [
            "phone@0": [nil, "A", "crmId"], "phone@1": ["A", "A", "crmId"], "laptop@600": ["A", "A", "crmId"],
            "laptop@601": [nil, "A", "crmId"], "tablet@1800": [nil, "A", "crmId"], "tablet@1900": ["A", "A", "crmId"],
            "tablet@1950": [nil, "A", "crmId"], "tablet@2000": ["B", "B", "crmId"], "tablet@2005": [nil, "B", "crmId"],
            "d9@0": [nil, "d9", "ecid"], "kiosk@0": [nil, "kiosk", "ecid"], "kiosk@11520": ["C", "C", "crmId"],
        ]
        #expect(rows == expected)
        // The view names the latest run's dataset.
        #expect(try await setup.rows("test_stitched") == expected)
    }

    @Test func aPrivacyDeletionRevertsReportsAndTheNextReplay() async throws {
        let setup = try await Setup(Self.events)
        let first = try await setup.stitching.replay(connectionId: "dg_test", sandbox: "prod")
        #expect(try await setup.people() == 5)
        let deletion = try await setup.stitching.forget(connectionId: "dg_test", sandbox: "prod", transientId: "A")
        #expect(deletion.transientId == "A")
        // Recorded once.
        let again = try await setup.stitching.forget(connectionId: "dg_test", sandbox: "prod", transientId: "A")
        #expect(again.id == deletion.id)
        // A's events revert to their devices at once in reports: phone, laptop apart; the tablet goes to B.
        #expect(try await setup.people() == 6)
        let second = try await setup.stitching.replay(connectionId: "dg_test", sandbox: "prod")
        #expect(second.status == .succeeded, "\(second.error ?? "")")
        let rows = try await setup.rows("test_stitched")
        #expect(rows["phone@0"] == [nil, "phone", "ecid"])
        #expect(rows["phone@1"] == [nil, "phone", "ecid"])
        #expect(rows["laptop@601"] == [nil, "laptop", "ecid"])
        #expect(rows["tablet@1900"] == [nil, "B", "crmId"])
        #expect(!rows.values.contains { $0.contains("A") })
        // The first run's dataset was dropped.
        let firstName = try #require(first.stitchedDataSets.first?.name)
        await #expect(throws: SQLError.self) { _ = try await setup.rows(firstName) }
        let runs = try await setup.stitching.runs(connectionId: "dg_test", sandbox: "prod")
        #expect(runs.map(\.id) == [second.id, first.id])
    }

    @Test func badRequestsAreRefusedByField() async throws {
        let setup = try await Setup(Self.events)
        await #expect(throws: JourneyError.invalid("transientId", "the transient id to delete is empty")) {
            _ = try await setup.stitching.forget(connectionId: "dg_test", sandbox: "prod", transientId: " ")
        }
        await #expect(throws: JourneyError(.notFound, "connection 'dg_nope' not found")) {
            _ = try await setup.stitching.startRun(connectionId: "dg_nope", sandbox: "prod")
        }
        var plain = JourneyFixture.connection(stitching: false)
        plain.id = "dg_plain"
        plain.name = "plain"
        _ = try await setup.journeyStore.saveConnection(plain, ifMatch: nil)
        await #expect(throws: JourneyError.invalid("stitching", "connection 'dg_plain' has no stitching settings")) {
            _ = try await setup.stitching.startRun(connectionId: "dg_plain", sandbox: "prod")
        }
    }

    @Test func theScheduleClaimsEachDueSlotOnce() async throws {
        let early = StitchingScheduler.slots(anchor: 0, interval: 10, now: 5)
        #expect(early.due == nil && early.next == 10)
        let late = StitchingScheduler.slots(anchor: 0, interval: 10, now: 25)
        #expect(late.due == 20 && late.next == 30)
        let setup = try await Setup(Self.events)
        let scheduler = StitchingScheduler(service: setup.stitching, lake: setup.fixture.lake, interval: 60_000)
        #expect(await scheduler.pass(now: 30_000) == 60_000)
        #expect(try await setup.stitching.runs(connectionId: "dg_test", sandbox: "prod").isEmpty)
        #expect(await scheduler.pass(now: 130_000) == 180_000)
        #expect(await scheduler.pass(now: 131_000) == 180_000)
        let runs = try await setup.stitching.runs(connectionId: "dg_test", sandbox: "prod")
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.trigger == .scheduled && run.slot == 120_000 && run.status == .queued)
        let ended = try await setup.stitching.execute(run.id)
        #expect(ended.status == .succeeded)
    }

    @Test func aFullTableExportWritesEveryRowOfTheReport() async throws {
        let setup = try await Setup(Self.events)
        _ = try await setup.journeyStore.saveDataView(JourneyFixture.dataView(), sandbox: "prod", ifMatch: nil)
        let journey = JourneyService(store: setup.journeyStore, engine: setup.engine, lake: setup.fixture.lake)
        let queryStore = setup.queryStore
        let lake = setup.fixture.lake
        let exporter = ReportExporter(
            journey: journey, makeSession: { QuerySession(lake: lake, sandbox: $0, store: queryStore) })
        var request = JourneyFixture.request(["occurrences", "people"])
        await #expect(throws: JourneyError.self) {
            _ = try await exporter.export(request, name: "by_channel", sandbox: "prod")
        }
        request.metricContainer.metrics = [
            ReportMetric(columnId: "occurrences", id: "metrics/occurrences"),
            ReportMetric(columnId: "people", id: "metrics/people"),
        ]
        request.settings.limit = 1
        let export = try await exporter.export(request, name: "by_channel", sandbox: "prod")
        #expect(export.columns == ["channel", "itemId", "occurrences", "people"])
        request.settings.limit = 100
        let report = try await journey.report(request, sandbox: "prod")
        #expect(export.rowCount == report.rows.count && report.rows.count == 3)
        let session = QuerySession(lake: lake, sandbox: "prod", store: queryStore)
        let result = try await session.run("SELECT channel, itemId, occurrences, people FROM by_channel")
        var rows: [ReportRow] = []
        while let batch = try await result.next() {
            for row in batch.rows {
                guard case let .text(value) = row[0], case let .text(itemId) = row[1], case let .float(a) = row[2],
                    case let .float(b) = row[3]
                else { continue }
                rows.append(ReportRow(itemId: itemId, value: value, data: [a, b]))
            }
        }
        #expect(rows == report.rows)
        await #expect(throws: JourneyError.self) {
            _ = try await exporter.export(request, name: "by_channel", sandbox: "prod")
        }
    }
}
