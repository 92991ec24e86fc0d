import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wraps a destination and ends the process abruptly part-way through an upload, for crash tests of
/// exactly-once delivery: the staged object holds some bytes, nothing is committed, and no cleanup runs.
///
/// Data files are every object except manifests (names starting `manifest-`) and connection probes
/// (`.outflow-probe/`). Enabled only by the composition root's `OUTFLOW_EXPORT_FAULT` knob.
public final class ProcessFaultDestination: WrappingDestination {
    /// Where the process dies.
    public enum Fault: Sendable, Hashable {
        /// After part of the bytes of the `n`th (1-based) data file upload were written.
        case killMidFile(n: Int)
        /// After part of the bytes of the first manifest upload were written.
        case killMidManifest
    }

    /// Ends the process; the default sends SIGKILL to itself. Tests inject one that records the call
    /// (the writer then fails the write with `.io` instead of continuing).
    public typealias Terminator = @Sendable (_ path: String) -> Void

    public let base: any Destination
    let fault: Fault
    let terminate: Terminator
    private let dataFilesOpened = Mutex(0)

    /// - Parameters:
    ///   - base: the destination that receives the bytes written before the fault.
    ///   - fault: where to die.
    ///   - terminate: how to die (default: `kill(getpid(), SIGKILL)`).
    public init(
        _ base: any Destination, fault: Fault,
        terminate: @escaping Terminator = { _ in ProcessFaultDestination.killSelf() }
    ) {
        self.base = base
        self.fault = fault
        self.terminate = terminate
    }

    /// SIGKILL to this process: no deferred code, no atexit handlers, no flushing.
    public static func killSelf() {
        _ = kill(getpid(), SIGKILL)
    }

    /// Whether an upload to `path` must die part-way, counting data files as they are opened.
    func armed(for path: String) -> Bool {
        let name = DestinationPath.name(path)
        if name.hasPrefix("manifest-") { return fault == .killMidManifest }
        if path.hasPrefix(".outflow-probe/") { return false }
        guard case .killMidFile(let n) = fault else { return false }
        let count = dataFilesOpened.withLock { value -> Int in
            value += 1
            return value
        }
        return count == max(1, n)
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        let writer = try await base.openWriter(path: path)
        guard armed(for: path) else { return writer }
        return ProcessFaultWriter(base: writer, terminate: terminate)
    }
}

/// A writer that passes the first half of its first chunk on, then ends the process.
final class ProcessFaultWriter: DestinationWriter {
    let base: any DestinationWriter
    let terminate: ProcessFaultDestination.Terminator
    var path: String { base.path }

    init(base: any DestinationWriter, terminate: @escaping ProcessFaultDestination.Terminator) {
        self.base = base
        self.terminate = terminate
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        let half = max(1, bytes.count / 2)
        try await base.write(Array(bytes.prefix(half)))
        terminate(base.path)
        throw DestinationError(.io, "process fault injected while writing", path: base.path)
    }

    func commit() async throws(DestinationError) -> PutResult {
        terminate(base.path)
        throw DestinationError(.io, "process fault injected before commit", path: base.path)
    }

    func abort() async {
        await base.abort()
    }
}
