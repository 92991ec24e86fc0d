import Destinations
import Synchronization

/// A destination that fails every call with a transient error while `down` is set, and can hold `put`s at a
/// gate until opened (or the task is cancelled).
final class OutageDestination: Destination {
    let base: any Destination
    private let state = Mutex((down: false, gateOpen: true, puts: 0))

    init(_ base: any Destination) { self.base = base }

    var id: String { base.id }

    var down: Bool {
        get { state.withLock { $0.down } }
        set { state.withLock { $0.down = newValue } }
    }

    var gateOpen: Bool {
        get { state.withLock { $0.gateOpen } }
        set { state.withLock { $0.gateOpen = newValue } }
    }

    /// `put` calls that reached the destination.
    var puts: Int { state.withLock { $0.puts } }

    private func check(_ path: String) throws(DestinationError) {
        if down { throw DestinationError(.transient, "destination is down", path: path) }
    }

    func testConnection() async -> ConnectionTestReport { await base.testConnection() }

    func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try check(path)
        return try await base.openWriter(path: path)
    }

    func put(path: String, from localFile: String) async throws(DestinationError) -> PutResult {
        state.withLock { $0.puts += 1 }
        while !gateOpen {
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                throw DestinationError(.transient, "cancelled", path: path)
            }
        }
        try check(path)
        return try await base.put(path: path, from: localFile)
    }

    func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try await base.list(prefix: prefix)
    }

    func delete(path: String) async throws(DestinationError) { try await base.delete(path: path) }

    func exists(path: String) async throws(DestinationError) -> Bool { try await base.exists(path: path) }
}
