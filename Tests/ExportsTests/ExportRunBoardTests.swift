import Testing

@testable import Exports

/// The board's doorbell: any number of waiters, one ring wakes them all, a ring nobody hears is kept.
@Suite struct ExportRunBoardTests {
    @Test func oneRingWakesEveryWaiter() async {
        let board = ExportRunBoard()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { await board.waitForRing() } }
            // Ring until every waiter has returned (a ring before a waiter registers is kept for it).
            var woken = 0
            while woken < 5 {
                board.ring()
                if await group.next() != nil { woken += 1 }
            }
            #expect(woken == 5)
        }
    }

    @Test func aRingWithNobodyWaitingIsKeptForTheNextWait() async {
        let board = ExportRunBoard()
        board.ring()
        await board.waitForRing()  // returns at once
    }

    @Test func aCancelledWaiterReturns() async {
        let board = ExportRunBoard()
        let task = Task { await board.waitForRing() }
        task.cancel()
        await task.value
    }
}
