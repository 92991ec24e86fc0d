public import Foundation

/// An STS `AssumeRole` call (role ARN, session name, optional external id) as a SigV4-signed form POST, and what
/// its answer means: temporary `AWSCredentials` or a refusal. The caller reads the XML answer and hands over its
/// fields. Pure: the date is a parameter.
public struct AWSAssumeRole: Sendable, Hashable {
    /// `RoleArn`.
    public var roleARN: String
    /// `RoleSessionName` (2-64 characters of `[\w+=,.@-]`).
    public var sessionName: String
    /// `ExternalId`, when the role's trust policy asks for one.
    public var externalID: String?
    /// `DurationSeconds` (900...43200).
    public var durationSeconds: Int

    /// Creates the call; throws `.invalidRequest` for an empty ARN, a bad session name or duration.
    public init(
        roleARN: String, sessionName: String = "outflow", externalID: String? = nil, durationSeconds: Int = 3600
    ) throws(SigningError) {
        guard roleARN.hasPrefix("arn:") else {
            throw SigningError(.invalidRequest, "the role ARN must start with 'arn:'", field: "roleArn")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
        guard (2...64).contains(sessionName.count), sessionName.allSatisfy(allowed.contains) else {
            throw SigningError(
                .invalidRequest, "the session name must be 2-64 of [A-Za-z0-9_+=,.@-]", field: "RoleSessionName")
        }
        guard (900...43_200).contains(durationSeconds) else {
            throw SigningError(.invalidRequest, "the duration must be 900...43200 seconds", field: "DurationSeconds")
        }
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID.flatMap { $0.isEmpty ? nil : $0 }
        self.durationSeconds = durationSeconds
    }

    /// The form body (`Action=AssumeRole&Version=2011-06-15&...`).
    public var body: String {
        var form = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("DurationSeconds", String(durationSeconds)),
        ]
        if let externalID { form.append(("ExternalId", externalID)) }
        return PercentEncoding.formBody(form)
    }

    /// The signed `POST /` to `host` (`sts.amazonaws.com` or `sts.<region>.amazonaws.com`, or a local endpoint),
    /// signed by `signer` (whose service should be `sts`). Send `body` as the request body.
    public func signedRequest(host: String, signer: AWSSigV4Signer, date: Date) -> SignableRequest {
        let request = SignableRequest(
            method: "POST", host: host, path: "/",
            headers: [.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        return signer.sign(request, payloadHash: AWSSigV4Signer.payloadHash(Array(body.utf8)), date: date)
    }

    /// The temporary credentials of an `AssumeRoleResponse`, from the fields of its `Credentials` element as the
    /// caller read them (Signing parses no XML: the S3 destination reads the document). Fields are trimmed; a
    /// missing field or an `Expiration` that is not ISO 8601 is `.malformedTokenResponse`.
    public static func temporaryCredentials(
        accessKeyID: String?, secretAccessKey: String?, sessionToken: String?, expiration: String?
    ) throws(SigningError) -> (credentials: AWSCredentials, expiration: Date) {
        func trimmed(_ text: String?) -> String? { text?.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let keyID = trimmed(accessKeyID), let secret = trimmed(secretAccessKey),
            let token = trimmed(sessionToken), let expiry = trimmed(expiration).flatMap(UTCTimestamp.parseISO8601)
        else {
            throw SigningError(.malformedTokenResponse, "the STS response has no complete Credentials element")
        }
        let credentials = try AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        return (credentials, expiry.date)
    }

    /// The error for an STS `ErrorResponse` whose `Code` is `code`: `.tokenRejected`, naming the code only
    /// (letters, digits and dots, at most 64 characters; `unknown` when there is none).
    public static func refusal(code: String?) -> SigningError {
        let code = (code?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown").prefix(64).filter {
            $0.isLetter || $0.isNumber || $0 == "."
        }
        return SigningError(.tokenRejected, "STS refused AssumeRole: \(code)", field: "Code")
    }
}
