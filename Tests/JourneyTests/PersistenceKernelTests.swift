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

    @Test func allocationAllReportsEveryValueInForce() throws {
        var input = events([0, -1, 1, 0, -1, -1], sessions: [0, 0, 0, 0, 0, 1])
        let sets = try PersistenceKernel.sets(input, persistence: Persistence(allocation: .all), itemCount: 2)
        // 0 and 1 accumulate (setting 0 again renews it), and the session's end clears them.
        #expect((0..<6).map { Array(sets.of($0)) } == [[0], [0], [0, 1], [0, 1], [0, 1], []])
        input.session = [0, 0, 0, 0, 0, 0]
        let timed = try PersistenceKernel.sets(
            input, persistence: Persistence(allocation: .all, expiration: .time(seconds: 90)), itemCount: 2)
        // 90 seconds: 0 (set at minute 0) is gone at minute 2; set again at minute 3 it comes after 1, which is gone
        // at minute 4; 0 is gone at minute 5.
        #expect((0..<6).map { Array(timed.of($0)) } == [[0], [0], [1], [1, 0], [0], []])
        #expect(throws: JourneyError.self) {
            try PersistenceKernel.persisted(input, persistence: Persistence(allocation: .all))
        }
    }

    @Test func expirationOnAMetricEndsAfterTheEventItOccursOn() throws {
        var input = events([0, -1, -1, -1, 1, -1], sessions: [0, 0, 0, 0, 0, 0])
        input.expires = [false, false, true, false, false, true]
        let persisted = try PersistenceKernel.persisted(
            input, persistence: Persistence(allocation: .mostRecent, expiration: .metric("orders")))
        // The order at minute 2 still reports 0; minute 3 has nothing; 1 is set again and expires after minute 5.
        #expect(persisted == [0, 0, 0, -1, 1, 1])
        let sets = try PersistenceKernel.sets(
            input, persistence: Persistence(allocation: .all, expiration: .metric("orders")), itemCount: 2)
        #expect((0..<6).map { Array(sets.of($0)) } == [[0], [0], [0], [], [1], [1]])
    }

    @Test func aBindingDimensionTiesValuesToItsItems() throws {
        // Searches (items 0, 1) bound to products (binding items 7, 8): the purchase of product 7 later reports
        // the search that found it, not the most recent search; an event without a product reports as unbound.
        var input = events([0, 1, -1, -1, -1], sessions: [0, 0, 0, 0, 0])
        input.binding = [7, 8, 7, -1, 9]
        let persisted = try PersistenceKernel.persisted(
            input, persistence: Persistence(allocation: .mostRecent, bindingDimension: "product"))
        #expect(persisted == [0, 1, 0, 1, -1])
    }

    @Test func aBindingMetricBindsTheValueInForceWhereItOccurs() throws {
        // Search 0 then a product view (the binding metric) of product 7, search 1, a view of 8, then purchases.
        var input = events([0, -1, 1, -1, -1, -1], sessions: [0, 0, 0, 0, 0, 0])
        input.binding = [-1, 7, -1, 8, 7, 8]
        input.binds = [false, true, false, true, false, false]
        let persisted = try PersistenceKernel.persisted(
            input,
            persistence: Persistence(allocation: .original, bindingDimension: "product", bindingMetric: "views"))
        // `original` binds the allocation's value in force: search 0 for both products.
        #expect(persisted == [0, 0, 0, 0, 0, 0])
        let recent = try PersistenceKernel.persisted(
            input,
            persistence: Persistence(allocation: .mostRecent, bindingDimension: "product", bindingMetric: "views"))
        #expect(recent == [0, 0, 1, 1, 0, 1])
    }

    @Test func bindingsExpireWithTheSession() throws {
        var input = events([0, -1, -1], sessions: [0, 0, 1])
        input.binding = [7, 7, 7]
        let persisted = try PersistenceKernel.persisted(
            input, persistence: Persistence(allocation: .mostRecent, bindingDimension: "product"))
        #expect(persisted == [0, 0, -1])
    }
}
