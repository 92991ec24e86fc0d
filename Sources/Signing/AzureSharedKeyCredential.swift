import Crypto
import Foundation

/// An Azure Storage account name with its base64 account key. Its `description` shows the account name only.
public struct AzureSharedKeyCredential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The storage account name (`myaccount`); not secret.
    public var accountName: String
    /// The decoded account key bytes.
    let keyBytes: [UInt8]

    /// Creates a credential; throws `.invalidCredential` when the name is empty or the key is not base64.
    public init(accountName: String, accountKey: String) throws(SigningError) {
        guard !accountName.isEmpty else {
            throw SigningError(.invalidCredential, "the account name is empty", field: "AccountName")
        }
        guard let bytes = Data(base64Encoded: accountKey), !bytes.isEmpty else {
            throw SigningError(.invalidCredential, "the account key is not valid base64", field: "AccountKey")
        }
        self.accountName = accountName
        self.keyBytes = Array(bytes)
    }

    /// Base64 HMAC-SHA256 of `text` under the account key (the signature of SharedKey and SAS).
    func signature(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: keyBytes))
        return Data(mac).base64EncodedString()
    }

    public var description: String { "AzureSharedKeyCredential(accountName: \(accountName), accountKey: <redacted>)" }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["accountName": accountName], displayStyle: .struct) }
}
