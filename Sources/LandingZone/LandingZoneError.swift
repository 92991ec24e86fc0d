import Hummingbird

/// A landing-zone request failure as Azure Storage reports it: an HTTP status, an Azure error code
/// (`BlobNotFound`, `AuthenticationFailed` ...) sent in `x-ms-error-code`, and a message. Messages never
/// contain signatures or keys.
package struct LandingZoneError: Error, Sendable, Hashable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    static func noAuthentication() -> Self {
        .init(
            .unauthorized, "NoAuthenticationInformation",
            "Server failed to authenticate the request. Send a SAS token or a SharedKey Authorization header.")
    }

    static func authenticationFailed(_ detail: String) -> Self {
        .init(
            .forbidden, "AuthenticationFailed",
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed "
                + "correctly including the signature. \(detail)")
    }

    static func permissionMismatch(_ detail: String) -> Self {
        .init(
            .forbidden, "AuthorizationPermissionMismatch",
            "This request is not authorized to perform this operation using this permission. \(detail)")
    }

    static func protocolMismatch(_ detail: String) -> Self {
        .init(
            .forbidden, "AuthorizationProtocolMismatch",
            "This request is not authorized to perform this operation using this protocol. \(detail)")
    }

    static func resourceMismatch(_ detail: String) -> Self {
        .init(
            .forbidden, "AuthorizationResourceTypeMismatch",
            "This request is not authorized to perform this operation using this resource type. \(detail)")
    }

    static func containerNotFound() -> Self {
        .init(.notFound, "ContainerNotFound", "The specified container does not exist.")
    }

    static func blobNotFound() -> Self { .init(.notFound, "BlobNotFound", "The specified blob does not exist.") }

    static func pathNotFound() -> Self { .init(.notFound, "PathNotFound", "The specified path does not exist.") }

    static func invalidQuery(_ name: String) -> Self {
        .init(.badRequest, "InvalidQueryParameterValue", "Value for one of the query parameters is not valid: \(name).")
    }

    static func invalidName() -> Self {
        .init(.badRequest, "InvalidResourceName", "The specifed resource name contains invalid characters.")
    }

    static func unsupported(_ what: String) -> Self {
        .init(.badRequest, "UnsupportedHttpVerb", "The landing zone does not support this operation: \(what).")
    }

    static func invalidRange() -> Self {
        .init(
            .rangeNotSatisfiable, "InvalidRange", "The range specified is invalid for the current size of the resource."
        )
    }

    static func invalidBlockList(_ detail: String) -> Self {
        .init(.badRequest, "InvalidBlockList", "The specified block list is invalid. \(detail)")
    }

    static func md5Mismatch(_ header: String) -> Self {
        .init(.badRequest, "Md5Mismatch", "The MD5 value specified in \(header) does not match the content received.")
    }

    static func storage(_ operation: String, errno code: Int32) -> Self {
        .init(.internalServerError, "InternalError", "The server failed to \(operation) (errno \(code)).")
    }
}
