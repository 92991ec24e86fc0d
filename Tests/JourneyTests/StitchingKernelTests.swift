import Testing

@testable import Journey

/// Field-based stitching on the cases CJA documents: live stitching, replay after a login, a shared device and a
/// person with two devices. Person codes: transient ids keep their code, device `d` is `transients + d`.
struct StitchingKernelTests {
    static let hour: Int64 = 3_600_000_000
    static let day: Int64 = 24 * hour

    func stitch(
        _ events: [(device: Int32, transient: Int32, time: Int64)], devices: Int, transients: Int,
        lookback: Int64 = 7 * day
    ) -> StitchingKernel.Result {
        StitchingKernel.stitch(
            device: events.map(\.device), transient: events.map(\.transient), time: events.map(\.time),
            deviceCount: devices, transientCount: transients, lookbackMicros: lookback)
    }

    @Test func liveStitchingGivesLaterAnonymousEventsTheLastLogin() {
        let result = stitch(
            [(0, -1, 1 * Self.hour), (0, 0, 2 * Self.hour), (0, -1, 3 * Self.hour)], devices: 1, transients: 1)
        #expect(result.live == [1, 0, 0])
    }

    @Test func replayGivesEarlierAnonymousEventsToTheLaterLogin() {
        let result = stitch(
            [(0, -1, 1 * Self.hour), (0, 0, 2 * Self.hour), (0, -1, 3 * Self.hour)], devices: 1, transients: 1)
        #expect(result.replay == [0, 0, 0])
    }

    @Test func replayLeavesEventsOlderThanTheLookbackToTheDevice() {
        let events: [(device: Int32, transient: Int32, time: Int64)] = [
            (0, -1, 0), (0, -1, Self.day + 1), (0, 0, 2 * Self.day),
        ]
        #expect(stitch(events, devices: 1, transients: 1, lookback: Self.day).replay == [1, 0, 0])
    }

    @Test func aSharedDeviceGoesToTheLastPersonWhoAuthenticatedBeforeEachEvent() {
        let events: [(device: Int32, transient: Int32, time: Int64)] = [
            (0, -1, 1), (0, 0, 2), (0, -1, 3), (0, 1, 4), (0, -1, 5),
        ]
        let result = stitch(events, devices: 1, transients: 2)
        #expect(result.live == [2, 0, 0, 1, 1])
        #expect(result.replay == [0, 0, 0, 1, 1])
    }

    @Test func aPersonWithTwoDevicesIsOnePerson() {
        let events: [(device: Int32, transient: Int32, time: Int64)] = [
            (0, -1, 1), (0, 0, 2), (1, -1, 10), (1, 0, 11), (1, -1, 12),
        ]
        let result = stitch(events, devices: 2, transients: 1)
        #expect(result.replay == [0, 0, 0, 0, 0])
        #expect(result.live == [1, 0, 2, 0, 0])
    }

    @Test func aDeviceThatNeverLogsInKeepsItsOwnIdAndEventsWithoutIdsHaveNoPerson() {
        let events: [(device: Int32, transient: Int32, time: Int64)] = [(0, -1, 1), (-1, 0, 2), (-1, -1, 3)]
        let result = stitch(events, devices: 1, transients: 1)
        #expect(result.replay == [1, 0, -1])
    }

    @Test func loadOrderDoesNotMatterOnlyTime() {
        let ordered = stitch([(0, -1, 1), (0, 0, 2), (0, -1, 3)], devices: 1, transients: 1)
        let shuffled = stitch([(0, -1, 3), (0, -1, 1), (0, 0, 2)], devices: 1, transients: 1)
        #expect(shuffled.live == [ordered.live[2], ordered.live[0], ordered.live[1]])
        #expect(shuffled.replay == [0, 0, 0])
    }
}
