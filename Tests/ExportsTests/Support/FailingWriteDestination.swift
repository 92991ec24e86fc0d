import Destinations
import Synchronization

/// Wraps a destination and fails the `failWrite`-th `write` call of every object's first `failures` writers
/// with a transient error (mid-stream, before commit), so the executor must abort and send the part again.
final class FailingWriteDestination: Destination {
    var id: String { base.id }
    let base: any Destination
    let failures: Int
    private let opened = Mutex<[String: Int]>([:])

    init(_ base: any Destination, failures: Int = 1) {
        self.base = base
        self.failures = failures
    }

    /// Writers opened per path so far.
    func openCount(_ path: String) -> Int { opened.withLock { $0[path] ?? 0 } }

    func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        let count = opened.withLock { counts -> Int in
            counts[path, default: 0] += 1
            return counts[path, default: 0]
        }
        return FailingWriter(base: try await base.openWriter(path: path), fails: count <= failures)
    }

    func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await base.list(prefix: prefix)
    }

    func delete(path: String) async throws(DestinationError) { try await base.delete(path: path) }

    func exists(path: String) async throws(DestinationError) -> Bool { try await base.exists(path: path) }
}

/// Passes the first write through and fails the second one when `fails` is set.
final class FailingWriter: DestinationWriter {
    let base: any DestinationWriter
    let fails: Bool
    private let writes = Mutex(0)
    var path: String { base.path }

    init(base: any DestinationWriter, fails: Bool) {
        self.base = base
        self.fails = fails
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        let count = writes.withLock { value -> Int in
            value += 1
            return value
        }
        if fails, count == 2 { throw DestinationError(.transient, "injected fault on write", path: path) }
        try await base.write(bytes)
    }

    func commit() async throws(DestinationError) -> PutResult { try await base.commit() }

    func abort() async { await base.abort() }
}
