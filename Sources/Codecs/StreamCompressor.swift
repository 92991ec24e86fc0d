import CDeflate
import CZlib
import CZstd

/// Compresses a byte stream chunk by chunk into standard gzip or one zstd frame, so a writer never
/// holds a whole file in memory.
///
/// gzip is written, by default, as a series of members of `gzipMemberSize` input bytes each, compressed
/// by libdeflate (several times faster than zlib); RFC 1952 allows any number of members and gzip,
/// Python, pyarrow and DuckDB read them as one stream. `gzipMemberSize: nil` writes a single member
/// through zlib instead.
///
/// Call `compress(_:)` for each chunk, then `finish()` once; the concatenated outputs form the file.
/// Not thread-safe: one compressor belongs to one task.
public final class StreamCompressor {
    /// The codec this compressor writes (`.none` passes bytes through).
    public let codec: CompressionCodec
    private let engine: Engine
    private var finished = false

    private enum Engine {
        case passthrough
        case gzip(UnsafeMutablePointer<z_stream>)
        case gzipMembers(OpaquePointer, memberSize: Int)
        case zstd(OpaquePointer)
    }

    /// Input not yet compressed into a gzip member.
    private var pending: [UInt8] = []
    private var membersWritten = 0

    /// The default input size of one gzip member.
    public static let defaultGzipMemberSize = 1 << 20

    /// Output is produced in pieces of this size.
    private static let outputChunk = 64 * 1024

    /// Starts a stream with the default framing (gzip as libdeflate members of `defaultGzipMemberSize`).
    /// `level` defaults to the codec's `defaultLevel`; snappy has no standard stream format and is rejected.
    public convenience init(codec: CompressionCodec, level: Int? = nil) throws(CodecError) {
        try self.init(codec: codec, level: level, gzipMemberSize: Self.defaultGzipMemberSize)
    }

    /// Starts a stream. `gzipMemberSize` is the input bytes per gzip member (libdeflate), or nil for a
    /// single zlib member; it does not matter for other codecs.
    public init(
        codec: CompressionCodec, level: Int?, gzipMemberSize: Int?
    ) throws(CodecError) {
        self.codec = codec
        switch codec {
        case .gzip where gzipMemberSize != nil:
            let clamped = Int32(max(0, min(level ?? 6, 12)))
            guard let compressor = libdeflate_alloc_compressor(clamped) else {
                throw CodecError(.internalFailure, codec: codec, "cannot allocate libdeflate compressor")
            }
            engine = .gzipMembers(compressor, memberSize: max(1024, gzipMemberSize ?? Self.defaultGzipMemberSize))
        case .none:
            engine = .passthrough
        case .snappy:
            throw CodecError(
                .internalFailure, codec: codec, "snappy has no streaming file format here; use gzip or zstd")
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let clamped = Int32(max(0, min(level ?? 6, 9)))
            // windowBits 15 + 16 asks zlib for a gzip header and trailer.
            let status = deflateInit2_(
                stream, clamped, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                stream.deinitialize(count: 1)
                stream.deallocate()
                throw CodecError(.internalFailure, codec: codec, "deflateInit2 failed (\(status))")
            }
            engine = .gzip(stream)
        case .zstd:
            guard let context = ZSTD_createCCtx() else {
                throw CodecError(.internalFailure, codec: codec, "cannot allocate zstd context")
            }
            let clamped = Int32(max(Int(ZSTD_minCLevel()), min(level ?? 3, Int(ZSTD_maxCLevel()))))
            let levelStatus = ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, clamped)
            let checksumStatus = ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
            guard ZSTD_isError(levelStatus) == 0, ZSTD_isError(checksumStatus) == 0 else {
                ZSTD_freeCCtx(context)
                throw CodecError(.internalFailure, codec: codec, "cannot configure zstd context")
            }
            engine = .zstd(context)
        }
    }

    deinit {
        switch engine {
        case .passthrough: break
        case let .gzip(stream):
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        case let .gzipMembers(compressor, _):
            libdeflate_free_compressor(compressor)
        case let .zstd(context):
            ZSTD_freeCCtx(context)
        }
    }

    /// Compresses `chunk`, returning whatever compressed bytes are ready (possibly none).
    public func compress(_ chunk: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        guard !finished else { throw CodecError(.internalFailure, codec: codec, "compress after finish") }
        return try run(chunk, final: false)
    }

    /// Compresses `chunk`, returning whatever compressed bytes are ready (possibly none).
    public func compress(_ chunk: [UInt8]) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var failure: CodecError?
        chunk.withUnsafeBytes { raw in
            do throws(CodecError) { out = try compress(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

    /// Ends the stream and returns the last compressed bytes (the gzip trailer or zstd frame end).
    public func finish() throws(CodecError) -> [UInt8] {
        guard !finished else { return [] }
        finished = true
        return try run(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
    }

    private func run(_ input: UnsafeRawBufferPointer, final: Bool) throws(CodecError) -> [UInt8] {
        switch engine {
        case .passthrough:
            return [UInt8](input)
        case let .gzip(stream):
            return try deflateChunk(stream, input, final: final)
        case let .gzipMembers(compressor, memberSize):
            return try memberChunk(compressor, memberSize: memberSize, input, final: final)
        case let .zstd(context):
            return try zstdChunk(context, input, final: final)
        }
    }

    private func deflateChunk(
        _ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeRawBufferPointer, final: Bool
    ) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: Self.outputChunk)
        var remaining = input.count
        var cursor = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        repeat {
            // zlib counts in UInt32: feed at most 1 GiB per call.
            let feed = min(remaining, 1 << 30)
            stream.pointee.next_in = cursor
            stream.pointee.avail_in = UInt32(feed)
            let flush = final ? Z_FINISH : Z_NO_FLUSH
            var status = Z_OK
            repeat {
                buffer.withUnsafeMutableBytes { dst in
                    stream.pointee.next_out = dst.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = UInt32(dst.count)
                    status = deflate(stream, flush)
                }
                let produced = Self.outputChunk - Int(stream.pointee.avail_out)
                out.append(contentsOf: buffer[0..<produced])
                if status == Z_STREAM_ERROR {
                    throw CodecError(.internalFailure, codec: .gzip, "deflate failed (\(status))")
                }
            } while stream.pointee.avail_out == 0 || (final && status != Z_STREAM_END)
            cursor = cursor.map { $0 + feed }
            remaining -= feed
        } while remaining > 0
        return out
    }

    private func memberChunk(
        _ compressor: OpaquePointer, memberSize: Int, _ input: UnsafeRawBufferPointer, final: Bool
    ) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var consumed = 0
        // Whole members straight from the input when nothing is pending, else through `pending`.
        if pending.isEmpty {
            while input.count - consumed >= memberSize {
                try appendMember(
                    compressor, UnsafeRawBufferPointer(rebasing: input[consumed..<(consumed + memberSize)]), to: &out)
                consumed += memberSize
            }
        }
        pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[consumed...]))
        var start = 0
        while pending.count - start >= memberSize || (final && (start < pending.count || membersWritten == 0)) {
            let end = min(pending.count, start + memberSize)
            var failure: CodecError?
            pending.withUnsafeBytes { raw in
                do throws(CodecError) {
                    try appendMember(compressor, UnsafeRawBufferPointer(rebasing: raw[start..<end]), to: &out)
                } catch { failure = error }
            }
            if let failure { throw failure }
            start = end
        }
        if start > 0 { pending.removeSubrange(0..<start) }
        return out
    }

    private func appendMember(_ compressor: OpaquePointer, _ input: UnsafeRawBufferPointer, to out: inout [UInt8])
        throws(CodecError)
    {
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        let base = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let written = out.withUnsafeMutableBytes { dst in
            libdeflate_gzip_compress(
                compressor, input.baseAddress, input.count, dst.baseAddress.map { $0 + base }, bound)
        }
        guard written > 0 else {
            throw CodecError(.internalFailure, codec: .gzip, "libdeflate gzip compression failed")
        }
        out.removeSubrange((base + written)...)
        membersWritten += 1
    }

    private func zstdChunk(
        _ context: OpaquePointer, _ input: UnsafeRawBufferPointer, final: Bool
    ) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: Self.outputChunk)
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        let directive = final ? ZSTD_e_end : ZSTD_e_continue
        while true {
            var pending = 0
            var produced = 0
            buffer.withUnsafeMutableBytes { dst in
                var outBuffer = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                pending = ZSTD_compressStream2(context, &outBuffer, &inBuffer, directive)
                produced = outBuffer.pos
            }
            if ZSTD_isError(pending) != 0 {
                throw CodecError(.internalFailure, codec: .zstd, String(cString: ZSTD_getErrorName(pending)))
            }
            out.append(contentsOf: buffer[0..<produced])
            let inputDone = inBuffer.pos == inBuffer.size
            if final ? pending == 0 : (inputDone && produced < Self.outputChunk) { break }
        }
        return out
    }
}
