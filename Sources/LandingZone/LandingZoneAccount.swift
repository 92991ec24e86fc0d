import Foundation
import HTTPTypes
package import Signing
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The landing zone's storage account: a name (the first path segment of every landing-zone URL) and a 256-bit
/// key that signs SAS tokens and verifies SharedKey requests. Configured by `OUTFLOW_DLZ_ACCOUNT` /
/// `OUTFLOW_DLZ_KEY`; without a key, one is generated once into `<data>/landing-zone.key` (0600). The
/// `description` never shows the key.
package struct LandingZoneAccount: Sendable, CustomStringConvertible {
    /// The default account name (not a name any other Outflow route starts with).
    static let defaultName = "outflowdlz"

    package let name: String
    package let credential: AzureSharedKeyCredential
    let keyBytes: [UInt8]

    init(name: String, keyBase64: String) throws(SigningError) {
        credential = try AzureSharedKeyCredential(accountName: name, accountKey: keyBase64)
        self.name = name
        keyBytes = Data(base64Encoded: keyBase64).map(Array.init) ?? []
    }

    /// The configured account, or one with a key kept at `keyPath` (the lake layout's `landingZoneKeyPath`).
    package static func load(name: String?, keyBase64: String?, keyPath path: String) throws -> LandingZoneAccount {
        let accountName = name ?? defaultName
        // Azure's account rule (3-24 lowercase letters and digits), and never the first segment of another route.
        guard (3...24).contains(accountName.utf8.count),
            accountName.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }),
            !["data", "healthz"].contains(accountName)
        else {
            throw LandingZoneError(
                .internalServerError, "InvalidAccountName",
                "OUTFLOW_DLZ_ACCOUNT must be 3-24 lowercase letters and digits, and not 'data' or 'healthz'")
        }
        if let keyBase64 { return try LandingZoneAccount(name: accountName, keyBase64: keyBase64) }
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try LandingZoneAccount(name: accountName, keyBase64: text.trimmingSpaces())
        }
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let key = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            defer { _ = close(fd) }
            do {
                _ = try FileDescriptor(rawValue: fd).writeAll(Array(key.utf8))
            } catch {
                throw LandingZoneError.storage("write landing-zone.key", errno: (error as? Errno)?.rawValue ?? EIO)
            }
            _ = fsync(fd)
            return try LandingZoneAccount(name: accountName, keyBase64: key)
        }
        // Another process created it first: use theirs.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try LandingZoneAccount(name: accountName, keyBase64: text.trimmingSpaces())
    }

    package var description: String { "LandingZoneAccount(\(name), key: <redacted>)" }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
