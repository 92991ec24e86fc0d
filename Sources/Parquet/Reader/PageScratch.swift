/// A growable byte buffer reused for every decompressed page (and dictionary indices) of a column chunk, so
/// pages do not each allocate, fault in and free fresh memory. Owned by one read; freed by `release()`.
final class PageScratch {
    private(set) var bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var capacity = 0

    /// `count` bytes of scratch (contents unspecified), valid until the next call or `release()`.
    func buffer(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if count > capacity {
            bytes.baseAddress.map { $0.deallocate() }
            let size = max(count, 64 << 10)
            let base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            bytes = UnsafeMutableRawBufferPointer(start: base, count: size)
            capacity = size
        }
        return UnsafeMutableRawBufferPointer(rebasing: bytes[0..<count])
    }

    func release() {
        bytes.baseAddress.map { $0.deallocate() }
        bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        capacity = 0
    }

    deinit {
        bytes.baseAddress.map { $0.deallocate() }
    }
}
