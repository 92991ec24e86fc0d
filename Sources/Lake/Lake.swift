import Foundation
package import Logging

/// The lake: catalog (sandboxes, schemas, datasets, batches) plus Parquet storage and batch ingestion.
///
/// One instance per process and data directory is typical, but several instances (a server and a CLI) may
/// share a data directory: the catalog store (`LakeCatalog`, SQLite in WAL mode from the `Storage` target) takes
/// concurrent processes, and every writer holds file locks that recovery respects.
public final class Lake: Sendable {
    /// Options fixed at construction.
    public struct Configuration: Sendable {
        /// Test hook: `"beforeCatalogCommit"` makes `completeBatch` print `FAULT beforeCatalogCommit` to stderr
        /// after the batch directory is renamed into place and then block forever.
        public var faultPoint: String?
        /// The error threshold `completeBatch` and `ingest` use when the caller gives none.
        public var defaultMaxErrorPercent: Double
        /// A lake file rolls to the next part after about this many bytes.
        public var partBytes: Int
        /// Rows per batch read from input files.
        public var readBatchSize: Int
        /// How long a catalog write waits for another process's transaction (seconds).
        public var busyTimeout: Double
        /// Bounds on what one input file may make ingestion hold or decode.
        public var inputLimits: IngestLimits

        public init(
            faultPoint: String? = nil, defaultMaxErrorPercent: Double = 0, partBytes: Int = 256 << 20,
            readBatchSize: Int = 65_536, busyTimeout: Double = 10, inputLimits: IngestLimits = .init()
        ) {
            self.faultPoint = faultPoint
            self.defaultMaxErrorPercent = defaultMaxErrorPercent
            self.partBytes = partBytes
            self.readBatchSize = readBatchSize
            self.busyTimeout = busyTimeout
            self.inputLimits = inputLimits
        }
    }

    /// The data directory (absolute).
    public let dataDirectory: String
    public let configuration: Configuration
    let logger: Logger
    package let catalog: any LakeCatalog
    /// Where everything lives under the data directory.
    public let layout: LakeLayout
    /// This instance's token; batches it creates record it as their owner.
    let owner: String
    private let ownerLock: FileLock

    /// Opens the lake in `dataDirectory` (created if needed) on the catalog store that `openCatalog` returns for the
    /// layout's catalog path, ensures sandbox "prod", removes orphaned lake files and marks `loading` batches whose
    /// process died as `aborted`. (`Storage` adds `Lake(dataDirectory:configuration:logger:)` on SQLite.)
    package init(
        dataDirectory: String, configuration: Configuration = .init(),
        logger: Logger = Logger(label: "outflow.lake"),
        openCatalog: (_ path: String) throws(LakeError) -> any LakeCatalog
    ) throws(LakeError) {
        let absolute = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        self.dataDirectory = absolute
        self.configuration = configuration
        self.logger = logger
        layout = LakeLayout(root: absolute)
        for directory in [absolute, layout.lakeRoot, layout.stagingRoot, layout.runRoot] {
            try FileSystem.createDirectory(directory)
        }
        owner = LakeID.make()
        guard let lock = try FileLock.acquire(path: layout.ownerLockPath(owner: owner), wait: false) else {
            throw LakeError.storage("owner lock is held", file: layout.ownerLockPath(owner: owner))
        }
        ownerLock = lock
        catalog = try openCatalog(layout.catalogPath)
        _ = try createSandbox(name: "prod")
        try Recovery(lake: self).run()
    }

    deinit {
        _ = unlink(ownerLock.path)
    }

    // MARK: Sandboxes

    /// All sandboxes, by name.
    public func sandboxes() throws(LakeError) -> [Sandbox] {
        try catalog.sandboxes().map { Sandbox(name: $0.name, created: $0.created) }
    }

    /// Creates a sandbox, or returns the existing one of that name.
    public func createSandbox(name: String) throws(LakeError) -> Sandbox {
        try Self.checkSandboxName(name)
        let row = try catalog.createSandbox(SandboxRow(name: name, created: LakeID.nowMillis()))
        return Sandbox(name: row.name, created: row.created)
    }

    /// Throws `.notFound` unless the sandbox exists.
    func requireSandbox(_ name: String) throws(LakeError) {
        guard try catalog.sandboxExists(name) else { throw LakeError.notFound("sandbox", name) }
    }

    static func checkSandboxName(_ name: String) throws(LakeError) {
        let valid =
            !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }
            && name.utf8.first != 45
        guard valid else {
            throw LakeError(.invalidInput, "invalid sandbox name '\(name)' (lowercase letters, digits, '-', '_')")
        }
    }
}
