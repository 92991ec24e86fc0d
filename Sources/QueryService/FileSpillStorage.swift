public import NIOPosix
public import SQL
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Spill runs as files in a scratch directory (by default `<data dir>/tmp/sql`), each block stored as an 8-byte
/// little-endian length and its bytes. Files are created 0600 (the directory 0700) with `O_EXCL`, and every call
/// runs on NIO's blocking thread pool, never on Swift's cooperative pool.
/// File names carry the process id, so several processes can share the directory: at start a storage removes
/// the runs of processes that are gone (a crash's leftovers), never a live process's.
public final class FileSpillStorage: SpillStorage {
    public let directory: String
    let pool: NIOThreadPool
    private let counter = Atomic<UInt64>(0)
    static let suffix = ".spill"

    private let prepared = Atomic<Bool>(false)

    /// Creates the directory if needed and removes the runs a previous process left behind.
    public init(directory: String, pool: NIOThreadPool = .singleton) async throws {
        self.directory = directory
        self.pool = pool
        try await pool.runIfActive {
            try Self.makeDirectories(directory)
            try Self.removeStale(in: directory)
        }
        prepared.store(true, ordering: .releasing)
    }

    /// A storage that creates its directory and removes dead processes' runs when the first run is created, so
    /// that sessions that never spill touch no file.
    public init(lazyDirectory directory: String, pool: NIOThreadPool = .singleton) {
        self.directory = directory
        self.pool = pool
    }

    func path(_ run: SpillRunID) -> String { "\(directory)/\(getpid())-\(run.value)\(Self.suffix)" }

    public func createRun() async throws -> SpillRunID {
        if !prepared.load(ordering: .acquiring) {
            let directory = self.directory
            try await Self.uncancelled(pool) {
                try Self.makeDirectories(directory)
                try Self.removeStale(in: directory)
            }
            prepared.store(true, ordering: .releasing)
        }
        let run = SpillRunID(counter.wrappingAdd(1, ordering: .relaxed).newValue)
        let path = path(run)
        // Not cancelled with the statement: a file created must come back as a run the engine tracks.
        try await Self.uncancelled(pool) {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw FileSpillError(operation: "create \(path)", errno: errno) }
            close(fd)
        }
        return run
    }

    public func append(_ block: [UInt8], to run: SpillRunID) async throws {
        let path = path(run)
        try await pool.runIfActive {
            let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { throw FileSpillError(operation: "open \(path)", errno: errno) }
            defer { close(fd) }
            var framed: [UInt8] = []
            framed.reserveCapacity(block.count + 8)
            for shift in stride(from: 0, to: 64, by: 8) {
                framed.append(UInt8(truncatingIfNeeded: block.count >> shift))
            }
            framed.append(contentsOf: block)
            try framed.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw FileSpillError(operation: "write \(path)", errno: errno)
                    }
                    offset += written
                }
            }
        }
    }

    public func read(_ run: SpillRunID, at position: Int) async throws -> SpillBlock? {
        let path = path(run)
        return try await pool.runIfActive { () throws -> SpillBlock? in
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSpillError(operation: "open \(path)", errno: errno) }
            defer { close(fd) }
            let header = try Self.readFully(fd, count: 8, at: position, path: path)
            if header.isEmpty { return nil }
            guard header.count == 8 else { throw FileSpillError(operation: "read \(path): truncated", errno: 0) }
            let length = header.enumerated().reduce(0) { $0 | Int($1.element) << ($1.offset * 8) }
            let bytes = try Self.readFully(fd, count: length, at: position + 8, path: path)
            guard bytes.count == length else { throw FileSpillError(operation: "read \(path): truncated", errno: 0) }
            return SpillBlock(bytes: bytes, next: position + 8 + length)
        }
    }

    public func delete(_ run: SpillRunID) async throws {
        let path = path(run)
        // A cancelled statement deletes its runs in its cancelled task: the pool must still run the unlink.
        try await Self.uncancelled(pool) {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw FileSpillError(operation: "remove \(path)", errno: errno)
            }
        }
    }

    /// Runs `body` on the pool from a task of its own, so the caller's cancellation does not skip it.
    private static func uncancelled(_ pool: NIOThreadPool, _ body: @escaping @Sendable () throws -> Void)
        async throws
    {
        try await Task { try await pool.runIfActive(body) }.value
    }

    /// Removes the spill files in `directory` whose process is gone (or is this one: nothing of ours runs yet).
    static func removeStale(in directory: String) throws {
        for name in try entries(of: directory) where name.hasSuffix(suffix) {
            if let owner = pid_t(name.prefix { $0 != "-" }), owner != getpid(), kill(owner, 0) == 0 || errno == EPERM {
                continue
            }
            guard unlink("\(directory)/\(name)") == 0 || errno == ENOENT else {
                throw FileSpillError(operation: "remove \(directory)/\(name)", errno: errno)
            }
        }
    }

    /// The names in a directory, without `.` and `..`.
    public static func entries(of directory: String) throws -> [String] {
        guard let handle = opendir(directory) else {
            throw FileSpillError(operation: "list \(directory)", errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw FileSpillError(operation: "create \(current)", errno: errno)
            }
        }
    }

    private static func readFully(_ fd: Int32, count: Int, at offset: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileSpillError(operation: "read \(path)", errno: errno)
            }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes[..<filled])
    }
}

struct FileSpillError: Error, CustomStringConvertible {
    var operation: String
    var errno: Int32
    var description: String { "could not \(operation) (errno \(errno))" }
}
