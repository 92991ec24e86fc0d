import CZstd
import Synchronization

/// Reusable zstd compression and decompression contexts.
///
/// A context owns a workspace (about 1 MiB for compression at level 3); creating one per Parquet page made the
/// kernel map and zero-fill fresh memory for every page. Contexts taken from here are handed back after the call
/// and kept (at most `keep` of each kind) for the next one; every use starts a new frame, so no state carries over.
final class ZstdContextPool: Sendable {
    static let shared = ZstdContextPool()
    /// Contexts kept per kind (more are freed when returned): a few per core is plenty.
    static let keep = 16

    /// A context pointer that may cross threads (each context is used by one caller at a time).
    private struct Context: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let compressors = Mutex<[Context]>([])
    private let decompressors = Mutex<[Context]>([])

    /// Runs `body` with a compression context; the context goes back to the pool afterwards.
    func withCompressor<R>(_ body: (OpaquePointer) throws(CodecError) -> R) throws(CodecError) -> R {
        let taken = compressors.withLock { $0.popLast() }
        guard let context = taken?.pointer ?? ZSTD_createCCtx() else {
            throw CodecError(.internalFailure, codec: .zstd, "cannot allocate zstd context")
        }
        defer { give(Context(pointer: context), to: compressors) { _ = ZSTD_freeCCtx($0) } }
        return try body(context)
    }

    /// Runs `body` with a decompression context (reset to a new session); it goes back to the pool afterwards.
    func withDecompressor<R>(_ body: (OpaquePointer) throws(CodecError) -> R) throws(CodecError) -> R {
        let taken = decompressors.withLock { $0.popLast() }
        guard let context = taken?.pointer ?? ZSTD_createDCtx() else {
            throw CodecError(.internalFailure, codec: .zstd, "cannot allocate zstd context")
        }
        _ = ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
        defer { give(Context(pointer: context), to: decompressors) { _ = ZSTD_freeDCtx($0) } }
        return try body(context)
    }

    private func give(_ context: Context, to pool: borrowing Mutex<[Context]>, free: (OpaquePointer) -> Void) {
        let kept = pool.withLock { contexts in
            guard contexts.count < Self.keep else { return false }
            contexts.append(context)
            return true
        }
        if !kept { free(context.pointer) }
    }
}
