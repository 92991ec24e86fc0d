import GRDB

extension DatabasePool {
    /// Runs `body` in a write transaction on GRDB's writer queue. The caller suspends instead of blocking a thread
    /// of the cooperative pool (a write can wait up to the busy timeout for another process's lock), and the write
    /// completes even when the calling task is cancelled. The stores map the failure to their own error.
    func suspendingWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async -> Result<T, any Error>
    {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            asyncWrite({ db in try body(db) }, completion: { _, result in continuation.resume(returning: result) })
        }
    }

    /// Runs `body` on one of GRDB's reader queues; the caller suspends meanwhile (cancellation does not cut it).
    func suspendingRead<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async -> Result<T, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            asyncRead { database in continuation.resume(returning: Result { try body(try database.get()) }) }
        }
    }
}
