import Testing

@testable import Journey

/// CJA's container semantics on a small, hand-checked event table: two people, three sessions.
///
/// | event | person | session | minute | page A | page B | revenue |
/// |-------|--------|---------|--------|--------|--------|---------|
/// | 0     | 0      | 0       | 0      | yes    |        |         |
/// | 1     | 0      | 0       | 1      |        | yes    | 10      |
/// | 2     | 0      | 1       | 100    |        |        |         |
/// | 3     | 0      | 1       | 200    |        | yes    | 5       |
/// | 4     | 1      | 2       | 0      |        |        |         |
/// | 5     | 1      | 2       | 5      |        | yes    | 20      |
struct SegmentKernelTests {
    static let a = SegmentRule.flag(0, negated: false)
    static let b = SegmentRule.flag(1, negated: false)

    static func kernel(inWindow: [Bool] = Array(repeating: true, count: 6)) -> SegmentKernel {
        SegmentKernel(
            time: [0, 1, 100, 200, 0, 5].map { $0 * 60_000_000 }, session: [0, 0, 1, 1, 2, 2], personStarts: [0, 4, 6],
            inWindow: inWindow,
            flags: [[true, false, false, false, false, false], [false, true, false, true, false, true]],
            metrics: [[.nan, 10, .nan, 5, .nan, 20]])
    }

    static func included(_ rule: SegmentRule, inWindow: [Bool] = Array(repeating: true, count: 6)) -> [Int] {
        kernel(inWindow: inWindow).mask(rule).enumerated().filter(\.element).map(\.offset)
    }

    @Test func theContainerDecidesWhichEventsAMatchIncludes() {
        #expect(Self.included(.container(.hits, Self.a)) == [0])
        #expect(Self.included(.container(.visits, Self.a)) == [0, 1])
        #expect(Self.included(.container(.visitors, Self.a)) == [0, 1, 2, 3])
    }

    @Test func andInASessionContainerMayMatchOnDifferentEvents() {
        #expect(Self.included(.container(.hits, .and([Self.a, Self.b]))) == [])
        #expect(Self.included(.container(.visits, .and([Self.a, Self.b]))) == [0, 1])
        #expect(Self.included(.container(.hits, .or([Self.a, Self.b]))) == [0, 1, 3, 5])
    }

    @Test func notNegatesTheUnitAndNegatedComparisonsMatchEventsWithoutTheValue() {
        #expect(Self.included(.container(.visits, .not(Self.a))) == [2, 3, 4, 5])
        #expect(Self.included(.container(.hits, .flag(0, negated: true))) == [1, 2, 3, 4, 5])
        // A nested hits container under `not` negates at the enclosing session: sessions without a page B event.
        #expect(Self.included(.container(.visits, .not(.container(.hits, Self.b)))) == [])
    }

    @Test func withoutRemovesTheNestedContainersOwnEvents() {
        // Sessions with page A, without the page B events.
        #expect(Self.included(.container(.visits, .and([Self.a, .without(.container(.hits, Self.b))]))) == [0])
        // People's events except whole sessions with page A.
        #expect(Self.included(.container(.visitors, .without(.container(.visits, Self.a)))) == [2, 3, 4, 5])
        // Without a plain rule removes the units (here sessions) it holds for.
        #expect(Self.included(.container(.visits, .without(Self.a))) == [2, 3, 4, 5])
    }

    @Test func aNestedContainerHoldsForUnitsContainingItsEvents() {
        // People with a session that saw both pages.
        let rule = SegmentRule.container(.visitors, .container(.visits, .and([Self.a, Self.b])))
        #expect(Self.included(rule) == [0, 1, 2, 3])
    }

    @Test func metricComparisonsTestTheContainersTotal() {
        #expect(Self.included(.container(.hits, .metric(0, .compare(.gt, 8)))) == [1, 5])
        #expect(Self.included(.container(.visits, .metric(0, .compare(.gt, 8)))) == [0, 1, 4, 5])
        #expect(Self.included(.container(.visitors, .metric(0, .compare(.eq, 15)))) == [0, 1, 2, 3])
        #expect(Self.included(.container(.visits, .metric(0, .exists(negated: true)))) == [])
        #expect(Self.included(.container(.hits, .metric(0, .exists(negated: false)))) == [1, 3, 5])
    }

    @Test func contextEventsBeforeTheWindowNeverMatchNorCount() {
        let window = [false, true, true, true, true, true]
        #expect(Self.included(.container(.visitors, Self.a), inWindow: window) == [])
        #expect(Self.included(.container(.visitors, Self.b), inWindow: window) == [1, 2, 3, 4, 5])
        // Person 0's total in the window is 15; event 1's 10 counts, nothing before the window.
        #expect(Self.included(.container(.visitors, .metric(0, .compare(.eq, 15))), inWindow: window) == [1, 2, 3])
    }

    @Test func sequencesMatchCheckpointsInOrderWithinTheirTimeLimits() {
        let minute: Int64 = 60_000_000
        let aThenB = SegmentRule.sequence([.init(rule: Self.a), .init(rule: Self.b, maxGap: minute)])
        #expect(Self.included(.container(.visitors, aThenB)) == [0, 1, 2, 3])
        #expect(Self.included(.container(.visits, aThenB)) == [0, 1])
        let bThenA = SegmentRule.sequence([.init(rule: Self.b), .init(rule: Self.a)])
        #expect(Self.included(.container(.visitors, bThenA)) == [])
        // At least 2 minutes after A: only the B at minute 200 (another session, so not in a session container).
        let bLater = SegmentRule.sequence([.init(rule: Self.a), .init(rule: Self.b, minGap: 2 * minute)])
        #expect(Self.included(.container(.visitors, bLater)) == [0, 1, 2, 3])
        #expect(Self.included(.container(.visits, bLater)) == [])
        // One event does not satisfy two checkpoints.
        let bThenB = SegmentRule.sequence([.init(rule: Self.b), .init(rule: Self.b)])
        #expect(Self.included(.container(.visitors, bThenB)) == [0, 1, 2, 3])
        #expect(Self.included(.container(.visits, bThenB)) == [])
    }

    @Test func aWithinLimitUsesTheLatestEarlierCheckpoint() {
        // A at 0 and 100, B at 105: within 10 minutes of the second A, though not of the first.
        let kernel = SegmentKernel(
            time: [0, 100, 105].map { $0 * 60_000_000 }, session: [0, 1, 1], personStarts: [0, 3],
            inWindow: [true, true, true], flags: [[true, true, false], [false, false, true]], metrics: [])
        let rule = SegmentRule.sequence([.init(rule: Self.a), .init(rule: Self.b, maxGap: 10 * 60_000_000)])
        #expect(kernel.mask(.container(.visitors, rule)) == [true, true, true])
        let tooShort = SegmentRule.sequence([.init(rule: Self.a), .init(rule: Self.b, maxGap: 4 * 60_000_000)])
        #expect(kernel.mask(.container(.visitors, tooShort)) == [false, false, false])
    }
}
