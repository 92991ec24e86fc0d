import Signing

/// One HTTP request the GCS cores describe and the adapter sends: method, absolute URL (already
/// percent-encoded), headers and an in-memory body. Cores build these without doing I/O.
struct GCSRequest: Sendable, Hashable {
    /// `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    var method: String
    /// The absolute, percent-encoded URL.
    var url: String
    /// Header fields in order.
    var headers: [SignableRequest.Field]
    /// The body bytes (empty for most calls).
    var body: [UInt8]

    init(method: String, url: String, headers: [SignableRequest.Field] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive), if any.
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// A complete HTTP response as the GCS cores read it.
struct GCSResponse: Sendable, Hashable {
    var status: Int
    var headers: [SignableRequest.Field]
    var body: [UInt8]

    init(status: Int, headers: [SignableRequest.Field] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive), if any.
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }

    var isSuccess: Bool { (200..<300).contains(status) }
}
