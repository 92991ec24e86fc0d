#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide malloc settings for columnar work (glibc only; elsewhere a no-op).
///
/// Column buffers of a row group are megabytes each. By default glibc serves them with fresh `mmap`s and hands
/// them back on free, so every row group read or written faults in and zero-fills new pages (half the time of a
/// projection read was in the kernel). With these settings allocations up to `mmapThreshold` come from the heap
/// and up to `trimThreshold` of freed heap per arena is kept for the next row group, as jemalloc/mimalloc (which
/// pyarrow and polars use) keep freed memory.
public enum AllocatorTuning {
    /// Allocations below this come from the heap (glibc's own dynamic threshold stops at 32 MiB too).
    public static let mmapThreshold = 32 << 20
    /// Freed memory kept per arena before it is returned to the system.
    public static let trimThreshold = 64 << 20

    /// Applies the settings; call once at process start, before threads allocate. Returns false when the C library
    /// is not glibc or refused a setting.
    @discardableResult
    public static func keepFreedMemoryForReuse() -> Bool {
        #if canImport(Glibc)
            // <malloc.h> is not in the Glibc module: look `mallopt` up (nil handle = RTLD_DEFAULT) and use its
            // documented parameter numbers.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let trimThresholdParameter: Int32 = -1  // M_TRIM_THRESHOLD
            let mmapThresholdParameter: Int32 = -3  // M_MMAP_THRESHOLD
            guard let symbol = dlsym(nil, "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            return mallopt(mmapThresholdParameter, Int32(mmapThreshold)) == 1
                && mallopt(trimThresholdParameter, Int32(trimThreshold)) == 1
        #else
            return false
        #endif
    }
}
