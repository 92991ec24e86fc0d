import CZstd

/// Whole-buffer zstd decompression whose output grows as frames decode, never past a claimed size.
///
/// A page header or frame may claim any size; allocating the claim up front would let a few bytes reserve
/// (and, zero-filled, commit) gigabytes. Here memory follows the bytes actually produced.
enum ZstdBlock {
    /// Output space decoded into before it is appended (one allocation per call).
    static let chunkBytes = 128 << 10

    /// Decompresses `input` (one or more frames), which must expand to exactly `uncompressedSize` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(CodecError) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else {
            throw CodecError(.internalFailure, codec: .zstd, "cannot allocate zstd context")
        }
        defer { ZSTD_freeDCtx(context) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { chunk.deallocate() }
        var out: [UInt8] = []
        out.reserveCapacity(min(uncompressedSize, max(chunkBytes, input.count * 8)))
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var hint = 1
        while true {
            let consumedBefore = inBuffer.pos
            var outBuffer = ZSTD_outBuffer(dst: chunk.baseAddress, size: chunk.count, pos: 0)
            let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
            guard ZSTD_isError(result) == 0 else {
                throw CodecError(.corruptInput, codec: .zstd, String(cString: ZSTD_getErrorName(result)))
            }
            let produced = outBuffer.pos
            // A call that moves nothing (all input used, output flushed) only asks for the next frame's header.
            guard inBuffer.pos > consumedBefore || produced > 0 else { break }
            hint = result
            guard produced <= uncompressedSize - out.count else {
                throw CodecError(.sizeMismatch, codec: .zstd, "data decodes to more than \(uncompressedSize) bytes")
            }
            if out.count + produced > out.capacity {
                out.reserveCapacity(min(uncompressedSize, max(out.count + produced, out.capacity * 2)))
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<produced]))
            if inBuffer.pos == inBuffer.size && produced < chunk.count { break }
        }
        guard hint == 0 else {
            throw CodecError(.corruptInput, codec: .zstd, "zstd data ends inside a frame")
        }
        guard out.count == uncompressedSize else {
            throw CodecError(.sizeMismatch, codec: .zstd, "\(out.count) bytes, expected \(uncompressedSize)")
        }
        return out
    }
}
