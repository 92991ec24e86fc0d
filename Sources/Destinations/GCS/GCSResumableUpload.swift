import Foundation

/// The client side of one GCS resumable upload as a value (no I/O): bytes go in, chunks to send come out, and the
/// server's answers move the persisted offset. Only bytes the server has not acknowledged are kept, so memory
/// stays about one chunk; after a dropped connection a status query tells where to resume.
struct GCSResumableUpload: Sendable {
    /// Non-final chunks must be multiples of 256 KiB.
    static let granularity = 256 * 1024

    /// A byte range to PUT to the session URI.
    struct Chunk: Sendable, Hashable {
        /// Offset of the first byte in the object.
        var first: Int64
        /// The bytes (may be empty for a final chunk of an object whose bytes are all persisted).
        var bytes: ArraySlice<UInt8>
        /// The object size when this is the final chunk, nil otherwise.
        var total: Int64?

        /// `bytes 0-262143/*`, `bytes 262144-263143/263144`, or `bytes */263144` when there is nothing left.
        var contentRange: String {
            let size = total.map(String.init) ?? "*"
            guard !bytes.isEmpty else { return "bytes */\(size)" }
            return "bytes \(first)-\(first + Int64(bytes.count) - 1)/\(size)"
        }
    }

    /// Where the upload stands after a server answer.
    enum Progress: Sendable, Hashable {
        /// The server holds this many bytes; more must be sent.
        case incomplete(persisted: Int64)
        /// The object is complete and visible with this size.
        case complete(size: Int64)
    }

    /// Bytes per non-final chunk (a positive multiple of 256 KiB).
    let chunkSize: Int
    /// The object path, for error messages.
    let path: String
    /// Bytes the server has acknowledged.
    private(set) var persisted: Int64 = 0
    /// Bytes from `persisted` on that the server has not acknowledged yet.
    private var pending: [UInt8] = []
    /// True once the server reported the object complete.
    private(set) var isComplete = false

    init(chunkSize: Int, path: String) throws(DestinationError) {
        guard chunkSize > 0, chunkSize % Self.granularity == 0 else {
            throw DestinationError(.invalid, "the GCS chunk size must be a positive multiple of 256 KiB", path: path)
        }
        self.chunkSize = chunkSize
        self.path = path
    }

    /// All bytes appended so far.
    var received: Int64 { persisted + Int64(pending.count) }

    /// Appends bytes of the object.
    mutating func append(_ bytes: [UInt8]) { pending.append(contentsOf: bytes) }

    /// A full non-final chunk, when at least `chunkSize` unacknowledged bytes are buffered.
    var nextChunk: Chunk? {
        guard pending.count >= chunkSize else { return nil }
        return Chunk(first: persisted, bytes: pending[0..<chunkSize], total: nil)
    }

    /// The final chunk: every unacknowledged byte, with the object's total size.
    var finalChunk: Chunk { Chunk(first: persisted, bytes: pending[...], total: received) }

    private struct CompletedObject: Decodable {
        var size: String?
    }

    /// Applies the answer to a chunk PUT or a status query: `308` with `Range: bytes=0-N` (or no `Range`: nothing
    /// persisted) moves the persisted offset, `200`/`201` completes; other statuses throw the mapped error.
    mutating func apply(_ response: GCSResponse) throws(DestinationError) -> Progress {
        switch response.status {
        case 200, 201:
            let reported = (try? JSONDecoder().decode(CompletedObject.self, from: Data(response.body)))?.size
                .flatMap { Int64($0) }
            if let reported, reported != received {
                throw DestinationError(
                    .io, "GCS completed the upload with \(reported) bytes, but \(received) were written", path: path)
            }
            isComplete = true
            persisted = received
            pending.removeAll()
            return .complete(size: persisted)
        case 308:
            let acknowledged = try Self.persistedBytes(rangeHeader: response.header("Range"), path: path)
            guard acknowledged >= persisted else {
                throw DestinationError(
                    .transient,
                    "the GCS upload session lost bytes it had acknowledged (\(acknowledged) < \(persisted)); "
                        + "the file must be uploaded again", path: path)
            }
            guard acknowledged <= received else {
                throw DestinationError(
                    .io, "GCS reports \(acknowledged) bytes persisted, more than the \(received) sent", path: path)
            }
            pending.removeFirst(Int(acknowledged - persisted))
            persisted = acknowledged
            return .incomplete(persisted: persisted)
        default:
            throw GCSErrorMapping.error(for: response, operation: "upload", path: path)
        }
    }

    /// `bytes=0-N` -> N + 1; a missing header means nothing is persisted yet.
    static func persistedBytes(rangeHeader: String?, path: String) throws(DestinationError) -> Int64 {
        guard let header = rangeHeader?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return 0 }
        let bad = DestinationError(.io, "GCS answered with an unreadable Range header", path: path)
        guard header.hasPrefix("bytes=") else { throw bad }
        let bounds = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, let start = Int64(bounds[0]), start == 0, let last = Int64(bounds[1]), last >= 0
        else { throw bad }
        return last + 1
    }
}
