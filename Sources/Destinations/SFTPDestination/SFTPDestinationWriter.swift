import SFTP

/// `SFTPDestination`'s writer: an `SFTPUploadWriter` (staged upload, pipelined writes, rename on commit) whose
/// failures surface as `DestinationError`s.
final class SFTPDestinationWriter: DestinationWriter {
    let path: String
    private let upload: SFTPUploadWriter

    init(_ upload: SFTPUploadWriter) {
        path = upload.path
        self.upload = upload
    }

    func write(_ bytes: [UInt8]) async throws(DestinationError) {
        try await mapSFTPError { () async throws(SFTPError) in try await upload.write(bytes) }
    }

    func commit() async throws(DestinationError) -> PutResult {
        let size = try await mapSFTPError { () async throws(SFTPError) in try await upload.commit() }
        return PutResult(path: path, size: size)
    }

    func abort() async {
        await upload.abort()
    }
}
