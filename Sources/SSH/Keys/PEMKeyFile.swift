import Foundation

/// One PEM-armoured block of a key file (RFC 7468, plus RFC 1421's `Proc-Type`/`DEK-Info` headers that
/// OpenSSL's legacy encrypted keys carry): its label, headers and decoded body.
struct PEMKeyFile: Sendable {
    /// The text between `-----BEGIN ` and `-----`, for example `OPENSSH PRIVATE KEY` or `EC PRIVATE KEY`.
    let label: String
    /// RFC 1421 headers by name (`Proc-Type`, `DEK-Info`), empty for most files.
    let headers: [String: String]
    let body: [UInt8]

    /// Reads the first PEM block of `text`. Text around it (comments, other blocks) is ignored.
    init(text: String) throws(SSHError) {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let beginIndex = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") })
        else {
            throw SSHKeyError.malformed("no -----BEGIN ... PRIVATE KEY----- line; give the whole key file")
        }
        let begin = lines[beginIndex]
        let label = String(begin.dropFirst("-----BEGIN ".count).dropLast(5))
        guard
            let endIndex = lines[(beginIndex + 1)...].firstIndex(of: "-----END \(label)-----")
        else {
            throw SSHKeyError.malformed("the key file has no -----END line; it may be cut short")
        }
        var bodyLines = lines[(beginIndex + 1)..<endIndex]
        var headers: [String: String] = [:]
        if let first = bodyLines.first, first.contains(":") {
            while let line = bodyLines.first {
                bodyLines = bodyLines.dropFirst()
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: ":") else {
                    throw SSHKeyError.malformed("a PEM header line has no ':'")
                }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        guard let body = Data(base64Encoded: bodyLines.joined()) else {
            throw SSHKeyError.malformed("the body of the key file is not valid base64")
        }
        guard !body.isEmpty else { throw SSHKeyError.malformed("the key file is empty") }
        self.label = label
        self.headers = headers
        self.body = Array(body)
    }
}
