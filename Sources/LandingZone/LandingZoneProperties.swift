import Foundation
import HTTPTypes

/// The blob properties Azure keeps beside a blob's bytes and clients such as rclone read back: `Content-MD5`
/// (base64), `Content-Type` and user metadata (`x-ms-meta-<name>`, e.g. rclone's `mtime`). Stored in a sidecar
/// file and trusted only while the blob still has the `size` and modification time it was recorded for, so a
/// blob rewritten behind the service's back (an export overwriting a file) never shows stale properties.
struct LandingZoneProperties: Sendable, Hashable, Codable {
    var size: Int64
    var modifiedNanoseconds: Int64
    var contentMD5: String?
    var contentType: String?
    var metadata: [String: String] = [:]

    /// The `x-ms-meta-*` request headers as metadata (names lower-cased, as Azure returns them); nil when there
    /// are none. Throws `InvalidMetadata` for a name that is not a C# identifier (Azure's rule).
    static func metadata(fromHeaders headers: [(name: String, value: String)]) throws(LandingZoneError)
        -> [String: String]?
    {
        var out: [String: String] = [:]
        for header in headers {
            let lowered = header.name.lowercased()
            guard lowered.hasPrefix("x-ms-meta-") else { continue }
            let name = String(lowered.dropFirst("x-ms-meta-".count))
            guard isValidName(name) else {
                throw LandingZoneError(.badRequest, "InvalidMetadata", "The metadata specified is invalid.")
            }
            out[name] = header.value
        }
        return out.isEmpty ? nil : out
    }

    /// A metadata name Azure accepts: a letter or `_`, then letters, digits or `_` (at most 256 characters).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 256 else { return false }
        let isLetter: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || $0 == 95 }
        return isLetter(first) && name.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// `Content-MD5` header text: 24 characters of base64 decoding to 16 bytes; nil otherwise.
    static func validMD5(_ text: String?) -> String? {
        guard let text, text.utf8.count == 24, Data(base64Encoded: text)?.count == 16 else { return nil }
        return text
    }
}
