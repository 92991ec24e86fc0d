import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Test wrapper for "two processes export the same flow" tests: the first data file upload (objects other than
/// `manifest-*` and `.outflow-probe/`) passes half of its first chunk on, then waits until a release file exists
/// (checked every 20 ms), then goes on normally. The process stays alive and keeps whatever locks it holds.
/// Enabled only by the composition root's `OUTFLOW_EXPORT_FAULT=hold-mid-file` knob.
public final class PausingDestination: WrappingDestination {
    public let base: any Destination
    /// The absolute path whose existence releases the paused upload.
    public let releaseFile: String
    private let paused = Mutex(false)

    public init(_ base: any Destination, releaseFile: String) {
        self.base = base
        self.releaseFile = releaseFile
    }

    /// True for the first data file only.
    func armed(for path: String) -> Bool {
        if DestinationPath.name(path).hasPrefix("manifest-") || path.hasPrefix(".outflow-probe/") { return false }
        return paused.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        let writer = try await base.openWriter(path: path)
        guard armed(for: path) else { return writer }
        return PausingWriter(base: writer, releaseFile: releaseFile)
    }
}

/// Passes half of the first chunk, waits for the release file, then the rest and everything after.
final class PausingWriter: DestinationWriter {
    let base: any DestinationWriter
    let releaseFile: String
    private let waited = Mutex(false)
    var path: String { base.path }

    init(base: any DestinationWriter, releaseFile: String) {
        self.base = base
        self.releaseFile = releaseFile
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        let first = waited.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return try await base.write(bytes) }
        let half = max(1, bytes.count / 2)
        try await base.write(Array(bytes.prefix(half)))
        while access(releaseFile, F_OK) != 0 {
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                throw DestinationError(.io, "cancelled while paused by the test hook", path: base.path)
            }
        }
        if bytes.count > half { try await base.write(Array(bytes.dropFirst(half))) }
    }

    func commit() async throws(DestinationError) -> PutResult { try await base.commit() }

    func abort() async { await base.abort() }
}
