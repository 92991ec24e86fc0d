import NIOPosix
import SQL

/// Runs the lake's synchronous work (its SQLite catalog, Parquet footers and row groups) on NIO's blocking thread
/// pool, so a query never holds one of the cooperative pool's threads (one per core) while the disk works.
enum BlockingIO {
    /// Runs `body` on the blocking pool; an `SQLError` passes through, anything else becomes one (`58030`
    /// io_error) naming `what`.
    static func run<T: Sendable>(_ what: String, _ body: @escaping @Sendable () throws -> T) async throws(SQLError)
        -> T
    {
        do {
            return try await NIOThreadPool.singleton.runIfActive { () throws -> T in try body() }
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(SQLState("58030"), "\(what): \(error)")
        }
    }
}
