extension HTTPTransportResponse {
    /// The generic `DestinationError` for an unsuccessful status of `operation`: 401 -> `.auth`, 403 ->
    /// `.permission`, 404 -> `.notFound`, 408/429/5xx -> `.transient`, other 4xx -> `.invalid`. `detail` is a
    /// service error code (`AccessDenied`) or a short reason; never pass credentials or signed URLs.
    public func destinationError(operation: String, path: String? = nil, detail: String? = nil) -> DestinationError {
        let code: DestinationError.Code
        switch status {
        case 401: code = .auth
        case 403: code = .permission
        case 404: code = .notFound
        case 408, 429, 500...599: code = .transient
        default: code = .invalid
        }
        let suffix = detail.map { " (\($0))" } ?? ""
        return DestinationError(code, "\(operation) failed with HTTP \(status)\(suffix)", path: path)
    }
}
