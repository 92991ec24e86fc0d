/// A place exported files are delivered to: a local folder, the Data Landing Zone, and later object stores
/// and SFTP. Paths are destination-relative, `/`-separated, without `..` segments.
///
/// Every committed object appears whole: writers stage under a temporary name (or the destination's own
/// commit primitive) and only `commit()` makes the object visible under its final path.
public protocol Destination: Sendable {
    /// A stable identifier, used in manifest names and logs.
    var id: String { get }
    /// Writes, lists and deletes a probe object and reports which step failed.
    func testConnection() async -> ConnectionTestReport
    /// Opens a streaming writer for `path`; nothing is visible at `path` until `commit()`.
    func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter
    /// Uploads a local file atomically to `path` (replacing an existing object).
    func put(path: String, from localFile: String) async throws(DestinationError) -> PutResult
    /// Committed objects whose path starts with `prefix`, sorted by path.
    func list(prefix: String) async throws(DestinationError) -> [DestinationObject]
    /// Removes the object at `path`; removing a missing object is not an error.
    func delete(path: String) async throws(DestinationError)
    /// Whether a committed object exists at `path`.
    func exists(path: String) async throws(DestinationError) -> Bool
    /// Uploads staged under `prefix` (matched against their final path) that were never committed or aborted:
    /// the leftovers of a process that died mid-upload. Never includes committed objects.
    func stagedUploads(prefix: String) async throws(DestinationError) -> [StagedUpload]
    /// Removes a staged upload from `stagedUploads(prefix:)`; a missing one is not an error. Refuses a handle
    /// that does not name a staged upload.
    func discard(_ upload: StagedUpload) async throws(DestinationError)
}

/// A streaming upload of one object. Use it from one task; call `commit()` or `abort()` exactly once.
public protocol DestinationWriter: AnyObject, Sendable {
    /// The destination-relative path the object will have once committed.
    var path: String { get }
    /// Appends bytes to the staged object.
    func write(_ bytes: [UInt8]) async throws(DestinationError)
    /// Makes the object visible at `path` in one step (replacing an existing object).
    func commit() async throws(DestinationError) -> PutResult
    /// Drops the staged object; never throws.
    func abort() async
}

/// The outcome of a committed upload.
public struct PutResult: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int64

    public init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }
}

/// One committed object at a destination.
public struct DestinationObject: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int64

    public init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }
}

/// The result of `testConnection()`: each step in order, the first failure ends the test.
public struct ConnectionTestReport: Sendable, Hashable, Codable {
    /// The probe steps. Network destinations may report `connect`, `hostKey` and `auth` before the probe.
    public enum Step: String, Sendable, Hashable, Codable, CaseIterable {
        case write, list, delete
        /// Reaching the server (DNS, TCP, the protocol handshake).
        case connect
        /// Checking the server's identity against the pinned host key (SFTP).
        case hostKey
        /// Logging in with the connection's credentials.
        case auth
    }

    /// Steps that succeeded, in order.
    public var passed: [Step]
    /// The step that failed, if any.
    public var failedStep: Step?
    /// Why it failed.
    public var error: DestinationError?

    public init(passed: [Step], failedStep: Step? = nil, error: DestinationError? = nil) {
        self.passed = passed
        self.failedStep = failedStep
        self.error = error
    }

    /// True when every step passed.
    public var succeeded: Bool { failedStep == nil }
}

extension Destination {
    /// Default `put`: streams the local file through `openWriter` in 1 MiB chunks.
    public func put(path: String, from localFile: String) async throws(DestinationError) -> PutResult {
        let reader = try LocalFileReader(path: localFile)
        let writer = try await openWriter(path: path)
        do throws(DestinationError) {
            while let chunk = try reader.next() { try await writer.write(chunk) }
            return try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
    }

    /// Default test: write, list, then delete a small probe object under `.outflow-probe/`.
    public func testConnection() async -> ConnectionTestReport {
        await probeWriteListDelete()
    }

    /// Writes, lists and deletes a small probe object under `<folder>/.outflow-probe/` (at the root when
    /// `folder` is empty), after the steps in `passed` (a destination's own connect/auth steps). The report
    /// names the first step that failed; `explainWrite` may add advice to a failed write's error.
    public func probeWriteListDelete(
        folder: String = "", passed earlier: [ConnectionTestReport.Step] = [],
        explainWrite: (DestinationError) -> DestinationError = { $0 }
    ) async -> ConnectionTestReport {
        let base = folder.split(separator: "/").joined(separator: "/")
        let probeFolder = (base.isEmpty ? "" : base + "/") + ".outflow-probe/"
        let probe = probeFolder + "probe-\(UInt64.random(in: 0...UInt64.max)).txt"
        var passed = earlier
        do throws(DestinationError) {
            let writer = try await openWriter(path: probe)
            do throws(DestinationError) {
                try await writer.write(Array("outflow connection test\n".utf8))
                _ = try await writer.commit()
            } catch {
                await writer.abort()
                throw error
            }
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .write, error: explainWrite(error))
        }
        passed.append(.write)
        do throws(DestinationError) {
            guard try await list(prefix: probeFolder).contains(where: { $0.path == probe }) else {
                throw DestinationError(.io, "the probe object was written but is not listed", path: probe)
            }
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .list, error: error)
        }
        passed.append(.list)
        do throws(DestinationError) {
            try await delete(path: probe)
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .delete, error: error)
        }
        passed.append(.delete)
        return ConnectionTestReport(passed: passed)
    }
}
