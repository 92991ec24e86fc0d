import Testing

@testable import Journey

struct PersistenceKernelTests {
    static let minute: Int64 = 60_000_000

    func events(_ items: [Int32], sessions: [Int32], start: Int64 = Int64.min) -> PersistenceKernel.Events {
        PersistenceKernel.Events(
            time: items.indices.map { Int64($0) * Self.minute }, item: items, session: sessions,
            personStarts: [0, items.count], window: ReportWindow(start: start, end: Int64.max))
    }

    @Test func mostRecentCarriesTheLatestValueWithinTheSession() throws {
        let persisted = try PersistenceKernel.persisted(
            events([0, -1, 1, -1, -1], sessions: [0, 0, 0, 0, 1]), persistence: Persistence())
        #expect(persisted == [0, 0, 1, 1, -1])
    }

    @Test func originalKeepsTheFirstValueUntilItExpires() throws {
        let persisted = try PersistenceKernel.persisted(
            events([0, 1, -1, -1, 1], sessions: [0, 0, 0, 0, 0]),
            persistence: Persistence(allocation: .original, expiration: .time(seconds: 180)))
        // Set at minute 0, expired after minute 3: minute 4's value replaces it.
        #expect(persisted == [0, 0, 0, 0, 1])
    }

    @Test func personExpirationStartsAfreshAtTheWindow() throws {
        let persisted = try PersistenceKernel.persisted(
            events([0, -1, -1, 1], sessions: [0, 1, 2, 3], start: 2 * Self.minute),
            persistence: Persistence(allocation: .mostRecent, expiration: .person))
        #expect(persisted == [0, 0, -1, 1])
    }

    @Test func firstAndLastKnownApplyToTheWholeWindow() throws {
        let input = events([-1, 0, -1, 1, -1], sessions: [0, 0, 0, 0, 0])
        #expect(
            try PersistenceKernel.persisted(input, persistence: Persistence(allocation: .firstKnown)) == [
                0, 0, 0, 0, 0,
            ])
        #expect(
            try PersistenceKernel.persisted(input, persistence: Persistence(allocation: .lastKnown)) == [1, 1, 1, 1, 1])
    }

    @Test func unsupportedSettingsAreRefusedByName() {
        #expect(throws: JourneyError.self) {
            try PersistenceKernel.persisted(
                events([0], sessions: [0]), persistence: Persistence(allocation: .all))
        }
    }
}
