import Foundation
import Signing

/// STS's answer to `AssumeRole`: `<AssumeRoleResponse><AssumeRoleResult><Credentials>` with the temporary keys.
struct STSAssumeRoleResponse: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "AssumeRoleResponse"

    struct Credentials: Decodable, Sendable, Hashable {
        var accessKeyID: String?
        var secretAccessKey: String?
        var sessionToken: String?
        var expiration: String?

        enum CodingKeys: String, CodingKey {
            case accessKeyID = "AccessKeyId"
            case secretAccessKey = "SecretAccessKey"
            case sessionToken = "SessionToken"
            case expiration = "Expiration"
        }
    }

    struct Result: Decodable, Sendable, Hashable {
        var credentials: Credentials?

        enum CodingKeys: String, CodingKey { case credentials = "Credentials" }
    }

    var result: Result?

    enum CodingKeys: String, CodingKey { case result = "AssumeRoleResult" }

    /// The temporary credentials and their expiry in `body`, or the refusal it carries (`<ErrorResponse>`:
    /// `.tokenRejected` with the STS code only); anything else is `.malformedTokenResponse`.
    static func credentials(_ body: [UInt8]) throws(SigningError) -> (credentials: AWSCredentials, expiration: Date) {
        if let refusal = try? XMLDocuments.decode(STSErrorResponse.self, from: body) {
            throw AWSAssumeRole.refusal(code: refusal.error?.code)
        }
        let fields = (try? XMLDocuments.decode(Self.self, from: body))?.result?.credentials
        return try AWSAssumeRole.temporaryCredentials(
            accessKeyID: fields?.accessKeyID, secretAccessKey: fields?.secretAccessKey,
            sessionToken: fields?.sessionToken, expiration: fields?.expiration)
    }
}

/// STS's `<ErrorResponse><Error><Code>` document.
struct STSErrorResponse: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "ErrorResponse"

    struct Failure: Decodable, Sendable, Hashable {
        var code: String?

        enum CodingKeys: String, CodingKey { case code = "Code" }
    }

    var error: Failure?

    enum CodingKeys: String, CodingKey { case error = "Error" }
}
