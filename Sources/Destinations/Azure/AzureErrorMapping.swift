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

    /// The DFS error body, `{"error":{"code":"..","message":".."}}`.
    private struct DFSError: Decodable {
        struct Body: Decodable { var code: String? }
        var error: Body?
    }

    /// The code of a Blob `<Error><Code>..</Code></Error>` or DFS `{"error":{"code":".."}}` body, letters and
    /// digits only, at most 64 characters.
    static func errorCode(in body: [UInt8]) -> String? {
        let code =
            XMLErrorDocument.read(body)?.code
            ?? (try? JSONDecoder().decode(DFSError.self, from: Data(body)))?.error?.code
        let safe = (code ?? "").filter { $0.isLetter || $0.isNumber }
        return safe.isEmpty ? nil : String(safe.prefix(64))
    }
}
