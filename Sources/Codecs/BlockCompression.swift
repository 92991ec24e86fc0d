import CDeflate
import CSnappy
import CZstd

/// Whole-buffer compression and decompression, as Parquet pages need.
public enum BlockCompression {
    /// Compresses `input` with `codec`. GZIP output is a standard single-member gzip stream.
    public static func compress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, level: Int? = nil
    ) throws(CodecError) -> [UInt8] {
        switch codec {
        case .none:
            return [UInt8](input)
        case .snappy:
            var outLength = snappy_max_compressed_length(input.count)
            var out = [UInt8](repeating: 0, count: outLength)
            let status = out.withUnsafeMutableBytes { dst in
                snappy_compress(
                    input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                    dst.baseAddress?.assumingMemoryBound(to: CChar.self), &outLength)
            }
            guard status == SNAPPY_OK else {
                throw CodecError(.internalFailure, codec: codec, "snappy_compress failed")
            }
            out.removeSubrange(outLength...)
            return out
        case .gzip:
            return try Deflate.gzipCompress(input, level: level ?? 6)
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            let level = Int32(level ?? 3)
            return try ZstdContextPool.shared.withCompressor { (context) throws(CodecError) -> [UInt8] in
                var written = 0
                let out = [UInt8](unsafeUninitializedCapacity: bound) { dst, initialized in
                    written = ZSTD_compressCCtx(
                        context, dst.baseAddress, bound, input.baseAddress, input.count, level)
                    initialized = ZSTD_isError(written) == 0 ? written : 0
                }
                guard ZSTD_isError(written) == 0 else {
                    throw CodecError(.internalFailure, codec: codec, String(cString: ZSTD_getErrorName(written)))
                }
                return out
            }
        }
    }

    public static func compress(_ input: [UInt8], codec: CompressionCodec, level: Int? = nil) throws(CodecError)
        -> [UInt8]
    {
        do {
            return try input.withUnsafeBytes { try compress($0, codec: codec, level: level) }
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError(.internalFailure, codec: codec, "\(error)")
        }
    }

    /// Decompresses `input`, which must expand to exactly `uncompressedSize` bytes.
    ///
    /// The size is a claim made by untrusted bytes, so it is checked before anything is allocated: a claim
    /// beyond `maxExpansion(of:codec:)` fails with `.outputLimit`. Snappy output is allocated at the (bounded)
    /// claimed size; gzip output is reserved uninitialized (pages are committed as libdeflate writes them);
    /// zstd output grows as frames decode and stops at the claimed size.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, uncompressedSize: Int
    ) throws(CodecError) -> [UInt8] {
        guard uncompressedSize >= 0 else { throw CodecError(.sizeMismatch, codec: codec, "negative size") }
        let bound = maxExpansion(of: input.count, codec: codec)
        guard uncompressedSize <= bound else {
            throw CodecError(
                .outputLimit, codec: codec,
                "\(uncompressedSize) bytes claimed from \(input.count) compressed; \(codec.rawValue) data of that "
                    + "size expands to at most \(bound)")
        }
        switch codec {
        case .none:
            guard input.count == uncompressedSize else {
                throw CodecError(.sizeMismatch, codec: codec, "\(input.count) bytes, expected \(uncompressedSize)")
            }
            return [UInt8](input)
        case .snappy:
            var length = 0
            let lengthStatus = snappy_uncompressed_length(
                input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, &length)
            guard lengthStatus == SNAPPY_OK else { throw CodecError(.corruptInput, codec: codec, "bad snappy header") }
            guard length == uncompressedSize else {
                throw CodecError(
                    .sizeMismatch, codec: codec, "snappy says \(length) bytes, expected \(uncompressedSize)")
            }
            var out = [UInt8](repeating: 0, count: length)
            let status = out.withUnsafeMutableBytes { dst in
                snappy_uncompress(
                    input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                    dst.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
            guard status == SNAPPY_OK, length == uncompressedSize else {
                throw CodecError(.corruptInput, codec: codec, "corrupt snappy block")
            }
            return out
        case .gzip:
            return try Deflate.gzipDecompress(input, uncompressedSize: uncompressedSize)
        case .zstd:
            return try ZstdBlock.decompress(input, uncompressedSize: uncompressedSize)
        }
    }

    /// Decompresses `input` into `output`, which it must fill exactly (`output.count` is the page's claimed size):
    /// for callers that reuse one buffer across pages. The claim is checked against `maxExpansion` first.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, into output: UnsafeMutableRawBufferPointer
    ) throws(CodecError) {
        let bound = maxExpansion(of: input.count, codec: codec)
        guard output.count <= bound else {
            throw CodecError(
                .outputLimit, codec: codec,
                "\(output.count) bytes claimed from \(input.count) compressed; \(codec.rawValue) data of that "
                    + "size expands to at most \(bound)")
        }
        switch codec {
        case .zstd:
            _ = try ZstdBlock.decompress(input, into: output)
        case .snappy:
            var length = 0
            let lengthStatus = snappy_uncompressed_length(
                input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, &length)
            guard lengthStatus == SNAPPY_OK else { throw CodecError(.corruptInput, codec: codec, "bad snappy header") }
            guard length == output.count else {
                throw CodecError(
                    .sizeMismatch, codec: codec, "snappy says \(length) bytes, expected \(output.count)")
            }
            let status = snappy_uncompress(
                input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                output.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            guard status == SNAPPY_OK, length == output.count else {
                throw CodecError(.corruptInput, codec: codec, "corrupt snappy block")
            }
        case .none, .gzip:
            let bytes = try decompress(input, codec: codec, uncompressedSize: output.count)
            bytes.withUnsafeBytes { output.copyMemory(from: $0) }
        }
    }

    /// The most bytes `compressedCount` bytes of `codec` data can decode to, by each format's own rules:
    /// snappy 22x (its densest element, a 3-byte copy, emits 64 bytes), deflate 1032x (a 2-bit length/distance
    /// pair emits 258 bytes), zstd 32768x (a 4-byte RLE block emits 128 KiB). Exact for `.none`.
    public static func maxExpansion(of compressedCount: Int, codec: CompressionCodec) -> Int {
        let ratio: Int
        switch codec {
        case .none: return compressedCount
        case .snappy: ratio = 22
        case .gzip: ratio = 1032
        case .zstd: ratio = 32768
        }
        let (product, overflow) = compressedCount.multipliedReportingOverflow(by: ratio)
        return overflow ? Int.max : product
    }

    public static func decompress(_ input: [UInt8], codec: CompressionCodec, uncompressedSize: Int) throws(CodecError)
        -> [UInt8]
    {
        do {
            return try input.withUnsafeBytes { try decompress($0, codec: codec, uncompressedSize: uncompressedSize) }
        } catch let error as CodecError {
            throw error
        } catch {
            throw CodecError(.internalFailure, codec: codec, "\(error)")
        }
    }
}
