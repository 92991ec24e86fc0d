import Parquet
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Open lake files with their footers read, shared by every statement of the process: a short query no longer
/// opens and decodes the footers of every file it scans each time. A lake file is written once under a name of its
/// own and never rewritten, so an entry is keyed by its path and checked against the file's size and change time;
/// at most `capacity` are kept (each holds a descriptor), the least recently used dropped first.
final class ParquetReaderCache: Sendable {
    static let shared = ParquetReaderCache(capacity: 256)

    private struct Entry {
        var reader: ParquetReader
        var size: Int
        var changed: Int
        var used: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = capacity }

    /// The reader of the lake's own file at `path` (no decode budget: Outflow wrote it). Blocking: call on the
    /// blocking pool.
    func reader(path: String) throws -> ParquetReader {
        var info = stat()
        guard stat(path, &info) == 0 else { return try ParquetReader(path: path, limits: .unlimited) }
        let size = Int(info.st_size)
        let changed = Int(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int(info.st_ctim.tv_nsec)
        let cached = state.withLock { state -> ParquetReader? in
            guard var entry = state.entries[path], entry.size == size, entry.changed == changed else { return nil }
            state.clock &+= 1
            entry.used = state.clock
            state.entries[path] = entry
            return entry.reader
        }
        if let cached { return cached }
        let reader = try ParquetReader(path: path, limits: .unlimited)
        state.withLock { state in
            state.clock &+= 1
            if state.entries.count >= capacity, state.entries[path] == nil,
                let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key
            {
                state.entries[oldest] = nil
            }
            state.entries[path] = Entry(reader: reader, size: size, changed: changed, used: state.clock)
        }
        return reader
    }
}
