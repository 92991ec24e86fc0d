import NIOCore
import Synchronization

/// File operations on top of raw requests: replies are checked and SFTP statuses turned into `SFTPError`s.
/// `path` arguments are remote paths; `reportAs` is the destination-relative path shown in errors.
extension SFTPConnection {
    /// The error of a non-OK status, naming the operation.
    package static func error(
        _ code: SFTPStatusCode, message: String, operation: String, reportAs path: String?
    ) -> SFTPError {
        let detail = message.isEmpty || message.lowercased() == code.description ? "" : ": \(message)"
        let (kind, text): (SFTPError.Kind, String) =
            switch code {
            case .noSuchFile: (.noSuchFile, "SFTP \(operation) failed: no such file or folder\(detail)")
            case .permissionDenied:
                (.permissionDenied, "SFTP \(operation) failed: permission denied on the server\(detail)")
            case .noConnection, .connectionLost: (.connection, "SFTP \(operation) failed: \(code)\(detail)")
            case .operationUnsupported: (.unsupported, "SFTP \(operation) is not supported by the server\(detail)")
            default: (.failure, "SFTP \(operation) failed (\(code)\(detail))")
            }
        return SFTPError(kind, text, status: code, path: path)
    }

    static func unexpected(_ response: SFTPResponse, operation: String, reportAs path: String?) -> SFTPError {
        if case .status(_, let code, let message) = response {
            return error(code, message: message, operation: operation, reportAs: path)
        }
        return SFTPError(.failure, "the SFTP server sent an unexpected reply to \(operation)", path: path)
    }

    /// Checks a reply that must be `STATUS OK`.
    static func expectOK(_ response: SFTPResponse, operation: String, reportAs path: String?) throws(SFTPError) {
        guard case .status(_, .ok, _) = response else {
            throw unexpected(response, operation: operation, reportAs: path)
        }
    }

    func expectOK(_ request: SFTPRequest, reportAs path: String?) async throws(SFTPError) {
        try Self.expectOK(try await call(request), operation: request.operation, reportAs: path)
    }

    /// Opens (creating or truncating) a file for writing; returns its handle.
    package func create(_ remote: String, reportAs path: String) async throws(SFTPError) -> [UInt8] {
        let response = try await call(
            .open(path: remote, flags: [.write, .create, .truncate], attributes: SFTPAttributes(permissions: 0o644)))
        guard case .handle(_, let handle) = response else {
            throw Self.unexpected(response, operation: "open for writing", reportAs: path)
        }
        return handle
    }

    /// Attributes of `remote` (following symlinks), or nil when it does not exist.
    package func stat(_ remote: String, reportAs path: String?) async throws(SFTPError) -> SFTPAttributes? {
        let response = try await call(.stat(path: remote))
        switch response {
        case .attrs(_, let attributes): return attributes
        case .status(_, .noSuchFile, _): return nil
        default: throw Self.unexpected(response, operation: "stat", reportAs: path)
        }
    }

    /// Removes a file; a missing file is not an error.
    package func remove(_ remote: String, reportAs path: String?) async throws(SFTPError) {
        let response = try await call(.remove(path: remote))
        if case .status(_, .noSuchFile, _) = response { return }
        try Self.expectOK(response, operation: "remove", reportAs: path)
    }

    /// Moves `from` onto `to`, replacing it: atomically with `posix-rename@openssh.com`, else remove + rename.
    func replace(_ from: String, with to: String, reportAs path: String) async throws(SFTPError) {
        if supportsPosixRename {
            try await expectOK(.posixRename(from: from, to: to), reportAs: path)
            return
        }
        try await remove(to, reportAs: path)
        try await expectOK(.rename(from: from, to: to), reportAs: path)
    }

    /// `mkdir -p`: creates each missing folder of `remote`, from the top. A refused `mkdir` with nothing of that
    /// name there fails with `folderNotCreated` (the server's generic failure most often means no permission).
    package func createFolders(_ remote: String, reportAs path: String) async throws(SFTPError) {
        if remote.isEmpty || remote == "." || remote == "/" || knownFolders.withLock({ $0.contains(remote) }) {
            return
        }
        if let attributes = try await stat(remote, reportAs: path), attributes.isDirectory {
            knownFolders.withLock { _ = $0.insert(remote) }
            return
        }
        var current = remote.hasPrefix("/") ? "" : "."
        for segment in remote.split(separator: "/") {
            current = current == "." ? String(segment) : current + "/" + segment
            if knownFolders.withLock({ $0.contains(current) }) { continue }
            let response = try await call(.mkdir(path: current, attributes: SFTPAttributes(permissions: 0o755)))
            if case .status(_, .ok, _) = response {
                knownFolders.withLock { _ = $0.insert(current) }
                continue
            }
            // mkdir fails on an existing folder with a generic FAILURE: check what is there.
            if let attributes = try await stat(current, reportAs: path), attributes.isDirectory {
                knownFolders.withLock { _ = $0.insert(current) }
                continue
            }
            var error = Self.unexpected(response, operation: "mkdir of '\(current)'", reportAs: path)
            if error.kind == .failure { error.kind = .folderNotCreated }
            throw error
        }
    }

    /// The entries of a folder (without `.` and `..`), or nil when it does not exist; more than
    /// `listingLimits.maximumEntries` throws `limitExceeded`.
    package func entries(_ remote: String, reportAs path: String?) async throws(SFTPError) -> [SFTPNameEntry]? {
        let opened = try await call(.opendir(path: remote.isEmpty ? "." : remote))
        let handle: [UInt8]
        switch opened {
        case .handle(_, let value): handle = value
        case .status(_, .noSuchFile, _): return nil
        default: throw Self.unexpected(opened, operation: "opendir", reportAs: path)
        }
        var listing = SFTPListing(maximumEntries: listingLimits.maximumEntries, reportAs: path)
        while true {
            do throws(SFTPError) {
                if try listing.take(try await call(.readdir(handle: handle))) {
                    _ = try? await call(.close(handle: handle))
                    return listing.entries
                }
            } catch {
                _ = try? await call(.close(handle: handle))
                throw error
            }
        }
    }
}

extension SFTPAttributes {
    init(permissions: UInt32) {
        self.init()
        self.permissions = permissions
    }
}
