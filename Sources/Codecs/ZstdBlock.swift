import CZstd

/// Whole-buffer zstd decompression that never commits memory past a claimed size.
///
/// A page header or frame may claim any size; zero-filling the claim up front would let a few bytes commit
/// gigabytes. A single frame that declares exactly the claimed size decodes straight into uninitialized output
/// (pages are committed only as zstd writes them); anything else grows its output as frames decode.
enum ZstdBlock {
    /// Output space decoded into before it is appended (one allocation per call).
    static let chunkBytes = 128 << 10

    /// Decompresses `input` (one or more frames), which must expand to exactly `uncompressedSize` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(CodecError) -> [UInt8] {
        if isSingleFrame(input, declaring: uncompressedSize) {
            var failure: CodecError?
            let out = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, initialized in
                do throws(CodecError) {
                    initialized = try decompress(input, into: UnsafeMutableRawBufferPointer(buffer))
                } catch {
                    failure = error
                    initialized = 0
                }
            }
            if let failure { throw failure }
            return out
        }
        return try decompressStreaming(input, uncompressedSize: uncompressedSize)
    }

    /// Decompresses `input` into `output`, which it must fill exactly; returns `output.count`.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        throws(CodecError) -> Int
    {
        guard isSingleFrame(input, declaring: output.count) else {
            let bytes = try decompressStreaming(input, uncompressedSize: output.count)
            bytes.withUnsafeBytes { output.copyMemory(from: $0) }
            return bytes.count
        }
        let written = try ZstdContextPool.shared.withDecompressor { (context) throws(CodecError) -> Int in
            ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
        }
        guard ZSTD_isError(written) == 0 else {
            throw CodecError(.corruptInput, codec: .zstd, String(cString: ZSTD_getErrorName(written)))
        }
        guard written == output.count else {
            throw CodecError(.sizeMismatch, codec: .zstd, "\(written) bytes, expected \(output.count)")
        }
        return written
    }

    /// True when `input` is exactly one frame whose header declares `size` content bytes.
    static func isSingleFrame(_ input: UnsafeRawBufferPointer, declaring size: Int) -> Bool {
        guard let base = input.baseAddress, size > 0 else { return false }
        let declared = ZSTD_getFrameContentSize(base, input.count)
        guard declared == UInt64(size) else { return false }
        let frame = ZSTD_findFrameCompressedSize(base, input.count)
        return ZSTD_isError(frame) == 0 && frame == input.count
    }

    /// Frame by frame, output growing with what was produced.
    static func decompressStreaming(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(CodecError)
        -> [UInt8]
    {
        try ZstdContextPool.shared.withDecompressor { (context) throws(CodecError) -> [UInt8] in
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
                    throw CodecError(
                        .sizeMismatch, codec: .zstd, "data decodes to more than \(uncompressedSize) bytes")
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
}
