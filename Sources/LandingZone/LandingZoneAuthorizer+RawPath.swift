import Crypto
import Foundation
import Signing

extension LandingZoneAuthorizer {
    /// The SharedKey `Authorization` value for `signable` with its canonicalized resource built from `rawPath`, the
    /// path exactly as the client sent it, instead of Outflow's re-encoding of the decoded path; nil when the
    /// signer's string to sign does not end with the resource this function expects.
    func rawPathAuthorization(signer: AzureSharedKeySigner, signable: SignableRequest, rawPath: String) -> String? {
        let text = signer.stringToSign(for: signable)
        let queryLines = Self.canonicalizedQuery(signable.query)
        let reencoded = "/" + account.name + signable.encodedPath + queryLines
        guard text.hasSuffix(reencoded) else { return nil }
        let head = String(decoding: Array(text.utf8.dropLast(reencoded.utf8.count)), as: UTF8.self)
        let asSent = head + "/" + account.name + rawPath + queryLines
        let mac = HMAC<Crypto.SHA256>.authenticationCode(
            for: Array(asSent.utf8), using: SymmetricKey(data: account.keyBytes))
        return "SharedKey \(account.name):\(Data(mac).base64EncodedString())"
    }

    /// `\nname:v1,v2` per query name (lower-cased, sorted), values decoded, sorted and comma-joined.
    static func canonicalizedQuery(_ query: [SignableRequest.Field]) -> String {
        var params: [String: [String]] = [:]
        for item in query { params[item.name.lowercased(), default: []].append(item.value) }
        return params.keys.sorted().map { "\n\($0):\(params[$0, default: []].sorted().joined(separator: ","))" }
            .joined()
    }
}
