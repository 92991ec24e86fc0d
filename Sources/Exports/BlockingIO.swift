import Lake
import NIOPosix

/// Runs the synchronous parts of an export (the lake's SQLite catalog, Parquet footers and row groups, flow lock
/// files) on NIO's blocking thread pool. The calling task suspends meanwhile, so an export never holds one of the
/// cooperative pool's threads (one per core) while the disk or another process's database lock makes it wait.
enum BlockingIO {
    /// Runs `body` on the blocking pool; an `ExportsError` passes through, a `LakeError` becomes `.lake`.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws(ExportsError) -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () throws -> T in try body() }
        } catch let error as ExportsError {
            throw error
        } catch let error as LakeError {
            throw ExportsError(.lake, error.message, underlying: error)
        } catch {
            throw ExportsError(.lake, "the blocking thread pool refused the work: \(error)", underlying: error)
        }
    }
}
