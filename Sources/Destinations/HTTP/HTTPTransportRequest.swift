public import NIOCore
public import NIOHTTP1

/// One HTTP request for `HTTPTransport`: method, absolute URL, headers and a body that can be sent again on a
/// retry.
public struct HTTPTransportRequest: Sendable {
    /// A request body. Every case can be replayed, which retries need.
    public enum Body: Sendable {
        /// No body.
        case empty
        /// Bytes held in memory (a multipart part, an XML document).
        case bytes(ByteBuffer)
        /// A streamed body of a known length; `makeChunks` is called once per attempt and must produce the same
        /// bytes each time.
        case stream(length: Int64, makeChunks: @Sendable () -> AsyncThrowingStream<ByteBuffer, any Error>)

        /// A body from a byte array.
        public static func bytes(_ bytes: [UInt8]) -> Body { .bytes(ByteBuffer(bytes: bytes)) }

        /// The body length in bytes.
        public var length: Int64 {
            switch self {
            case .empty: return 0
            case .bytes(let buffer): return Int64(buffer.readableBytes)
            case .stream(let length, _): return length
            }
        }
    }

    /// `GET`, `PUT`, `POST`, `HEAD`, `DELETE`, `PATCH`.
    public var method: HTTPMethod
    /// The absolute URL, already percent-encoded (`https://host/bucket/key?uploads=`).
    public var url: String
    /// Headers to send (signatures included).
    public var headers: HTTPHeaders
    /// The body.
    public var body: Body

    /// Creates a request.
    public init(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: Body = .empty) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A complete HTTP response: status, headers and the collected body.
public struct HTTPTransportResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The body bytes (empty for `HEAD`).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
