import Testing

@testable import Journey

struct SessionKernelTests {
    static let minute: Int64 = 60_000_000

    @Test func anEventExactlyAtTheTimeoutStaysInTheSession() {
        let time = [0, 30 * Self.minute, 60 * Self.minute + 1]
        let result = SessionKernel.sessions(
            time: time, startsSession: [], personStarts: [0, 3], timeoutMicros: 30 * Self.minute)
        #expect(result.session == [0, 0, 1])
        #expect(result.count == 2)
    }

    @Test func everyPersonStartsASessionAndRulesStartOneToo() {
        let time: [Int64] = [0, 1, 2, 0, 1]
        let result = SessionKernel.sessions(
            time: time, startsSession: [false, false, true, true, false], personStarts: [0, 3, 5],
            timeoutMicros: 30 * Self.minute)
        #expect(result.session == [0, 0, 1, 2, 2])
    }
}
