import CDeflate

/// gzip through libdeflate (whole buffers; several times faster than zlib).
enum Deflate {
    static func gzipCompress(_ input: UnsafeRawBufferPointer, level: Int) throws(CodecError) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(Int32(max(0, min(level, 12)))) else {
            throw CodecError(.internalFailure, codec: .gzip, "cannot allocate compressor")
        }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = out.withUnsafeMutableBytes { dst in
            libdeflate_gzip_compress(compressor, input.baseAddress, input.count, dst.baseAddress, bound)
        }
        guard written > 0 else { throw CodecError(.internalFailure, codec: .gzip, "compression failed") }
        out.removeSubrange(written...)
        return out
    }

    static func gzipDecompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(CodecError) -> [UInt8] {
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw CodecError(.internalFailure, codec: .gzip, "cannot allocate decompressor")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        // Reserved, not zero-filled: the kernel commits pages only as libdeflate writes them, so a false size
        // claim on corrupt data costs address space, not memory. (The caller bounds the claim by the input size.)
        var result = LIBDEFLATE_SUCCESS
        let out = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, initialized in
            var actual = 0
            result = libdeflate_gzip_decompress(
                decompressor, input.baseAddress, input.count, buffer.baseAddress, uncompressedSize, &actual)
            initialized = result == LIBDEFLATE_SUCCESS ? actual : 0
        }
        guard result == LIBDEFLATE_SUCCESS else {
            throw CodecError(.corruptInput, codec: .gzip, "corrupt gzip data (libdeflate result \(result.rawValue))")
        }
        guard out.count == uncompressedSize else {
            throw CodecError(.sizeMismatch, codec: .gzip, "\(out.count) bytes, expected \(uncompressedSize)")
        }
        return out
    }
}
