import Foundation

/// Turns Azure's error answers into `DestinationError`s a user can act on. Uses the status,
/// `x-ms-error-code` and the error body's code only; never headers or URLs that could carry a SAS.
enum AzureErrorMapping {
    static func error(_ response: AzureHTTPClient.Response, endpoint: AzureEndpoint, path: String?) -> DestinationError
    {
        let code = response.header("x-ms-error-code") ?? errorCode(in: response.body) ?? "HTTP \(response.status)"
        let host = endpoint.authority
        switch (response.status, code) {
        case (401, _), (403, "AuthenticationFailed"), (403, "InvalidAuthenticationInfo"):
            return DestinationError(
                .auth,
                "authentication failed at \(host) (\(code)): check the account key, SAS token (expiry, signature) "
                    + "or service principal", path: path)
        case (403, _):
            return DestinationError(
                .permission, "the credentials may not do this at \(host) (\(code)): grant write, list and delete",
                path: path)
        case (404, "ContainerNotFound"), (404, "FilesystemNotFound"):
            return DestinationError(.notFound, "the container does not exist at \(host) (\(code))", path: path)
        case (404, _):
            return DestinationError(.notFound, "not found at \(host) (\(code))", path: path)
        case (408, _), (429, _), (500..., _):
            return DestinationError(.transient, "\(host) answered HTTP \(response.status) (\(code))", path: path)
        default:
            return DestinationError(
                .invalid, "\(host) refused the request: HTTP \(response.status) (\(code))", path: path)
        }
    }

    /// `<Code>..</Code>` (Blob XML) or `"code":".."` (DFS JSON), letters and digits only.
    static func errorCode(in body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        for (open, close) in [("<Code>", "</Code>"), ("\"code\":\"", "\"")] {
            if let start = text.range(of: open), let end = text[start.upperBound...].range(of: close) {
                let code = text[start.upperBound..<end.lowerBound].filter { $0.isLetter || $0.isNumber }
                if !code.isEmpty { return String(code.prefix(64)) }
            }
        }
        return nil
    }
}
