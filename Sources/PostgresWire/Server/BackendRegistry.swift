import Synchronization

/// The running connections by backend key, so a CancelRequest (which arrives on a connection of its own) finds the
/// session whose statement to stop.
final class BackendRegistry: Sendable {
    private let backends = Mutex<[Int32: BackendHandle]>([:])

    /// Registers `session` under a fresh process ID and secret key, which BackendKeyData tells the client.
    func register(_ session: any WireSession) -> (CancelRequest, BackendHandle) {
        var generator = SystemRandomNumberGenerator()
        let secret = Int32.random(in: Int32.min...Int32.max, using: &generator)
        return backends.withLock { backends in
            var processID = Int32.random(in: 1...Int32.max, using: &generator)
            while backends[processID] != nil { processID = Int32.random(in: 1...Int32.max, using: &generator) }
            let key = CancelRequest(processID: processID, secretKey: secret)
            let handle = BackendHandle(key: key, session: session)
            backends[processID] = handle
            return (key, handle)
        }
    }

    func unregister(_ key: CancelRequest) {
        _ = backends.withLock { $0.removeValue(forKey: key.processID) }
    }

    /// Cancels the running statement of the backend with `key`; a wrong secret or an unknown process does nothing
    /// (and tells the requester nothing), as in PostgreSQL.
    @discardableResult
    func cancel(_ key: CancelRequest) -> Bool {
        guard let handle = backends.withLock({ $0[key.processID] }),
            SCRAMVerifier.constantTimeEqual(handle.key.secretKey.bytes, key.secretKey.bytes)
        else { return false }
        handle.cancel()
        return true
    }

    var count: Int { backends.withLock { $0.count } }
}

/// One registered connection: its key, its session, and whether a cancel arrived for the running statement.
final class BackendHandle: Sendable {
    let key: CancelRequest
    let session: any WireSession
    private let cancelRequested = Atomic<Bool>(false)

    init(key: CancelRequest, session: any WireSession) {
        self.key = key
        self.session = session
    }

    func cancel() {
        cancelRequested.store(true, ordering: .sequentiallyConsistent)
        session.cancel()
    }

    /// Reads and clears the flag: true if a cancel arrived since the last call.
    func takeCancelRequest() -> Bool {
        cancelRequested.exchange(false, ordering: .sequentiallyConsistent)
    }
}

extension Int32 {
    fileprivate var bytes: [UInt8] { withUnsafeBytes(of: self.bigEndian) { Array($0) } }
}
