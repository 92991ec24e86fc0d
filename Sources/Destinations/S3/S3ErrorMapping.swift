/// Turns an unsuccessful S3 answer into a `DestinationError` a user can act on: the S3 error code is kept in
/// parentheses and the words say what to fix (the secret, the key id, the bucket name, the permissions).
/// Pure; messages hold the bucket, the key and the error code, never credentials or signatures.
enum S3ErrorMapping {
    static func error(
        _ response: HTTPTransportResponse, operation: String, bucket: String, path: String?
    ) -> DestinationError {
        guard let code = XMLErrorDocument.read(response.body)?.safeCode else {
            return statusOnly(response, operation: operation, bucket: bucket, path: path)
        }
        var error = mapped(code, operation: operation, bucket: bucket, path: path, response: response)
        error.serviceCode = code
        return error
    }

    /// The error for S3 error code `code`, in words that say what to fix.
    private static func mapped(
        _ code: String, operation: String, bucket: String, path: String?, response: HTTPTransportResponse
    ) -> DestinationError {
        let suffix = "(\(code))"
        switch code {
        case "SignatureDoesNotMatch":
            return DestinationError(.auth, "\(operation): the secret access key is wrong \(suffix)", path: path)
        case "InvalidAccessKeyId":
            return DestinationError(
                .auth, "\(operation): the access key id is not known to the server \(suffix)", path: path)
        case "ExpiredToken", "TokenRefreshRequired":
            return DestinationError(.auth, "\(operation): the session token has expired \(suffix)", path: path)
        case "InvalidToken":
            return DestinationError(.auth, "\(operation): the session token is not valid \(suffix)", path: path)
        case "RequestTimeTooSkewed":
            return DestinationError(.auth, "\(operation): this machine's clock is too far off \(suffix)", path: path)
        case "AuthorizationHeaderMalformed", "PermanentRedirect", "IllegalLocationConstraintException":
            return DestinationError(
                .invalid,
                "\(operation): bucket '\(bucket)' is in another region or endpoint; check the region "
                    + suffix, path: path)
        case "NoSuchBucket":
            return DestinationError(
                .notFound, "\(operation): the bucket '\(bucket)' does not exist \(suffix)", path: path)
        case "NoSuchKey":
            return DestinationError(.notFound, "\(operation): the object does not exist \(suffix)", path: path)
        case "NoSuchUpload":
            return DestinationError(
                .notFound, "\(operation): the multipart upload no longer exists \(suffix)", path: path)
        case "AccessDenied", "AllAccessDisabled", "AccountProblem":
            return DestinationError(
                .permission, "\(operation): the credentials may not do this in bucket '\(bucket)' \(suffix)", path: path
            )
        case "EntityTooSmall":
            return DestinationError(
                .invalid, "\(operation): a multipart part is smaller than the server's minimum (5 MiB) \(suffix)",
                path: path)
        case "EntityTooLarge":
            return DestinationError(.invalid, "\(operation): the object is larger than allowed \(suffix)", path: path)
        case "BadDigest", "InvalidDigest", "XAmzContentSHA256Mismatch", "IncompleteBody", "RequestTimeout":
            return DestinationError(
                .transient, "\(operation): the bytes arrived damaged or incomplete \(suffix)", path: path)
        case "SlowDown", "InternalError", "ServiceUnavailable", "OperationAborted":
            return DestinationError(.transient, "\(operation): the server is busy \(suffix)", path: path)
        case "KMS.NotFoundException", "KMS.DisabledException", "KMSKeyNotFound":
            return DestinationError(.invalid, "\(operation): the KMS key cannot be used \(suffix)", path: path)
        default:
            return response.destinationError(operation: operation, path: path, detail: code)
        }
    }

    /// `HEAD` answers have no body: 403 and 404 are explained from the status alone.
    static func statusOnly(
        _ response: HTTPTransportResponse, operation: String, bucket: String, path: String?
    ) -> DestinationError {
        switch response.status {
        case 403:
            return DestinationError(
                .permission,
                "\(operation): access denied in bucket '\(bucket)' (HTTP 403: wrong credentials or no permission)",
                path: path)
        case 404:
            return DestinationError(.notFound, "\(operation): not found in bucket '\(bucket)' (HTTP 404)", path: path)
        default:
            return response.destinationError(operation: operation, path: path)
        }
    }
}
