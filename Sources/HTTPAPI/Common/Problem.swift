import Foundation
public import Hummingbird
public import Lake
import NIOCore
public import Parquet

/// An RFC 9457 problem document (`application/problem+json`) with Outflow's stable error `code`.
public struct Problem: HTTPResponseError, Codable, Sendable {
    /// A URI reference naming the problem type.
    public var type: String
    /// Short summary of the problem type (the HTTP reason phrase).
    public var title: String
    /// The HTTP status code, repeated in the body.
    public var statusCode: Int
    /// What went wrong in this occurrence.
    public var detail: String
    /// A stable, machine-readable error code (`NOT_FOUND`, `INVALID_SCHEMA` ...).
    public var code: String
    /// The dotted field path the problem is about, if any.
    public var field: String?
    /// Every request field at fault, when there are several (`field` is the first of them).
    public var fields: [String]?
    /// Record errors of a failed ingestion, if any.
    public var errors: [RecordError]?

    enum CodingKeys: String, CodingKey {
        case type, title, statusCode = "status", detail, code, field, fields, errors
    }

    /// A problem with `status`, a stable `code` and the field it is about.
    public init(status: HTTPResponse.Status, code: String, detail: String, field: String? = nil) {
        self.type = "https://outflow.dev/problems/" + code.lowercased().replacingOccurrences(of: "_", with: "-")
        self.title = status.reasonPhrase
        self.statusCode = status.code
        self.detail = detail
        self.code = code
        self.field = field
    }

    /// The HTTP status of the response.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(self)) ?? Data(#"{"code":"INTERNAL"}"#.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    // MARK: Common problems

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, code: "NOT_FOUND", detail: detail)
    }

    static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(status: .badRequest, code: "INVALID_REQUEST", detail: detail, field: field)
    }

    static let unauthorized = Problem(
        status: .unauthorized, code: "UNAUTHORIZED",
        detail: "a valid 'Authorization: Bearer <api key>' header is required"
    )

    /// The problem for any error thrown by a handler.
    static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let lake as LakeError:
            return Problem(lake)
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, code: "PAYLOAD_TOO_LARGE", detail: "the request body is too large")
        case let http as HTTPError:
            let code =
                switch http.status {
                case .notFound: "NOT_FOUND"
                case .contentTooLarge: "PAYLOAD_TOO_LARGE"
                case .methodNotAllowed: "METHOD_NOT_ALLOWED"
                case .unauthorized: "UNAUTHORIZED"
                default: http.status.code < 500 ? "INVALID_REQUEST" : "INTERNAL"
                }
            return Problem(status: http.status, code: code, detail: http.body ?? http.status.reasonPhrase)
        default:
            return Problem(status: .internalServerError, code: "INTERNAL", detail: "\(error)")
        }
    }
}

extension Problem {
    /// Maps a lake error to its HTTP status, keeping its stable code and field path.
    public init(_ error: LakeError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .notFound: .notFound
            case .alreadyExists, .conflict, .batchNotLoading: .conflict
            case .invalidSchema, .invalidInput: .badRequest
            case .ingestionFailed: .unprocessableContent
            case .storage, .catalog: .internalServerError
            }
        var detail = error.message
        if let jsonPath = error.jsonPath { detail = "\(jsonPath): \(detail)" }
        self.init(status: status, code: error.code.rawValue, detail: detail, field: error.fieldPath)
        if !error.errors.isEmpty { errors = error.errors }
    }
}
