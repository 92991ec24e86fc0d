/// An AWS access key pair, optionally with the session token of temporary (STS) credentials. Its
/// `description` shows the access key id only: the secret and the token never reach logs.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The access key id (`AKIA...`, `ASIA...`); not secret.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `x-amz-security-token`.
    public var sessionToken: String?

    /// Creates credentials; throws `.invalidCredential` when the key id or the secret is empty.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) throws(SigningError) {
        guard !accessKeyID.isEmpty else {
            throw SigningError(.invalidCredential, "the access key id is empty", field: "s3AccessKey")
        }
        guard !secretAccessKey.isEmpty else {
            throw SigningError(.invalidCredential, "the secret access key is empty", field: "s3SecretKey")
        }
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID], displayStyle: .struct) }
}
