import CZlib
import CZstd

/// Decompresses a gzip (one or more members, as `cat a.gz b.gz` makes) or zstd (one or more frames)
/// stream chunk by chunk. Corrupt data throws from `decompress(_:)`; a stream cut short throws from
/// `finish()`.
///
/// Not thread-safe: one decompressor belongs to one task.
public final class StreamDecompressor {
    /// The codec this decompressor reads (`.none` passes bytes through).
    public let codec: CompressionCodec
    private let engine: Engine
    /// True while a gzip member or zstd frame has started but not ended.
    private var midStream = false
    /// Members or frames completed so far.
    public private(set) var membersCompleted = 0
    /// Compressed bytes consumed so far (for error offsets).
    public private(set) var bytesConsumed = 0
    /// Decompressed bytes produced so far.
    public private(set) var bytesProduced = 0
    /// Most bytes the whole stream may produce; past it `decompress(_:)` throws `.outputLimit` (checked every
    /// output chunk of 256 KiB, so one call never holds much more than the limit). Default: no limit.
    public var outputLimit = Int.max

    private enum Engine {
        case passthrough
        case gzip(UnsafeMutablePointer<z_stream>)
        case zstd(OpaquePointer)
    }

    private static let outputChunk = 256 * 1024
    /// Reused output space (allocated once, not per call).
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: outputChunk, alignment: 16)

    /// Starts a stream of `codec` (gzip, zstd or none; snappy is rejected).
    public init(codec: CompressionCodec) throws(CodecError) {
        self.codec = codec
        switch codec {
        case .none:
            engine = .passthrough
        case .snappy:
            throw CodecError(
                .internalFailure, codec: codec, "snappy has no streaming file format here; use gzip or zstd")
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // windowBits 15 + 16: expect a gzip header and check the CRC-32 trailer.
            let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                stream.deinitialize(count: 1)
                stream.deallocate()
                throw CodecError(.internalFailure, codec: codec, "inflateInit2 failed (\(status))")
            }
            engine = .gzip(stream)
        case .zstd:
            guard let context = ZSTD_createDCtx() else {
                throw CodecError(.internalFailure, codec: codec, "cannot allocate zstd context")
            }
            engine = .zstd(context)
        }
    }

    deinit {
        buffer.deallocate()
        switch engine {
        case .passthrough: break
        case let .gzip(stream):
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        case let .zstd(context):
            ZSTD_freeDCtx(context)
        }
    }

    /// Decompresses `chunk`, returning the bytes it yields (possibly none).
    public func decompress(_ chunk: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        switch engine {
        case .passthrough:
            try count(chunk.count)
            bytesConsumed += chunk.count
            return [UInt8](chunk)
        case let .gzip(stream):
            return try inflateChunk(stream, chunk)
        case let .zstd(context):
            return try zstdChunk(context, chunk)
        }
    }

    /// Decompresses `chunk`, returning the bytes it yields (possibly none).
    public func decompress(_ chunk: [UInt8]) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var failure: CodecError?
        chunk.withUnsafeBytes { raw in
            do throws(CodecError) { out = try decompress(raw) } catch { failure = error }
        }
        if let failure { throw failure }
        return out
    }

    /// Checks that the stream ended cleanly: at least one complete member or frame, none cut short.
    public func finish() throws(CodecError) {
        if case .passthrough = engine { return }
        if midStream {
            throw CodecError(
                .corruptInput, codec: codec, "truncated \(codec.rawValue) stream after \(bytesConsumed) bytes")
        }
        if membersCompleted == 0 {
            throw CodecError(.corruptInput, codec: codec, "empty \(codec.rawValue) stream")
        }
    }

    /// Decompresses a whole buffer in one go (any number of members or frames), failing with `.outputLimit`
    /// once the output passes `outputLimit` bytes.
    public static func decompressAll(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, outputLimit: Int = .max
    ) throws(CodecError) -> [UInt8] {
        let decompressor = try StreamDecompressor(codec: codec)
        decompressor.outputLimit = outputLimit
        let out = try decompressor.decompress(input)
        try decompressor.finish()
        return out
    }

    /// Decompresses a whole buffer in one go (any number of members or frames).
    public static func decompressAll(
        _ input: [UInt8], codec: CompressionCodec, outputLimit: Int = .max
    ) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        var failure: CodecError?
        input.withUnsafeBytes { raw in
            do throws(CodecError) {
                out = try decompressAll(raw, codec: codec, outputLimit: outputLimit)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return out
    }

    /// Counts `produced` bytes against `outputLimit`.
    private func count(_ produced: Int) throws(CodecError) {
        guard produced <= outputLimit - bytesProduced else {
            throw CodecError(
                .outputLimit, codec: codec, "\(codec.rawValue) data decompresses to more than \(outputLimit) bytes")
        }
        bytesProduced += produced
    }

    private func inflateChunk(_ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeRawBufferPointer)
        throws(CodecError) -> [UInt8]
    {
        var out: [UInt8] = []
        guard let base = input.baseAddress, input.count > 0 else { return out }
        var offset = 0
        while offset < input.count {
            let feed = min(input.count - offset, 1 << 30)
            let start = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            if !midStream {
                // A new member must start with the gzip magic; anything else is trailing garbage.
                if input[offset] != 0x1f || (offset + 1 < input.count && input[offset + 1] != 0x8b) {
                    throw CodecError(.corruptInput, codec: .gzip, "not a gzip member at byte \(bytesConsumed)")
                }
                midStream = true
            }
            stream.pointee.next_in = start
            stream.pointee.avail_in = UInt32(feed)
            var status = Z_OK
            repeat {
                stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(buffer.count)
                status = inflate(stream, Z_NO_FLUSH)
                let produced = Self.outputChunk - Int(stream.pointee.avail_out)
                try count(produced)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
                if status != Z_OK, status != Z_STREAM_END, status != Z_BUF_ERROR {
                    let detail = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                    throw CodecError(
                        .corruptInput, codec: .gzip, "corrupt gzip data near byte \(bytesConsumed): \(detail)")
                }
            } while status == Z_OK && (stream.pointee.avail_out == 0 || stream.pointee.avail_in > 0)
            let used = feed - Int(stream.pointee.avail_in)
            offset += used
            bytesConsumed += used
            if status == Z_STREAM_END {
                membersCompleted += 1
                midStream = false
                inflateReset(stream)
            } else if used == 0 && status == Z_BUF_ERROR {
                break
            }
        }
        return out
    }

    private func zstdChunk(_ context: OpaquePointer, _ input: UnsafeRawBufferPointer) throws(CodecError) -> [UInt8] {
        var out: [UInt8] = []
        guard input.count > 0 else { return out }
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            let before = inBuffer.pos
            var outBuffer = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let hint = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
            let produced = outBuffer.pos
            bytesConsumed += inBuffer.pos - before
            if ZSTD_isError(hint) != 0 {
                let name = String(cString: ZSTD_getErrorName(hint))
                throw CodecError(.corruptInput, codec: .zstd, "corrupt zstd data near byte \(bytesConsumed): \(name)")
            }
            try count(produced)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
            if hint == 0 {
                membersCompleted += 1
                midStream = false
            } else if inBuffer.pos > before || produced > 0 {
                midStream = true
            }
            if inBuffer.pos == inBuffer.size && produced < Self.outputChunk { break }
        }
        return out
    }
}
