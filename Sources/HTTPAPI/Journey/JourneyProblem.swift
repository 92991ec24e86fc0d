import Hummingbird
import Journey

extension Problem {
    /// Maps a journey error to HTTP: an invalid definition or request is 400 `INVALID_FIELD` naming the component
    /// (`dimensions[page_name].field`), an unknown id 404 `NOT_FOUND`, a stale `If-Match` 412
    /// `PRECONDITION_FAILED`, another conflict (a taken name, a connection in use) 409 `CONFLICT`, a failed report
    /// query 500 `QUERY_FAILED`, a cancelled report 503 `CANCELLED`, storage 500 `STORAGE`.
    init(_ error: JourneyError) {
        let status: HTTPResponse.Status
        let code: String
        switch error.code {
        case .invalid: (status, code) = (.badRequest, "INVALID_FIELD")
        case .notFound: (status, code) = (.notFound, "NOT_FOUND")
        case .conflict:
            (status, code) =
                error.field == "If-Match" ? (.preconditionFailed, "PRECONDITION_FAILED") : (.conflict, "CONFLICT")
        case .queryFailed: (status, code) = (.internalServerError, "QUERY_FAILED")
        case .cancelled: (status, code) = (.serviceUnavailable, "CANCELLED")
        case .io: (status, code) = (.internalServerError, "STORAGE")
        }
        self.init(status: status, code: code, detail: error.message, field: error.field)
    }
}

extension JourneyService {
    /// Runs a service call, its error as a problem.
    func call<T: Sendable>(_ body: (JourneyService) async throws(JourneyError) -> T) async throws(Problem) -> T {
        do {
            return try await body(self)
        } catch {
            throw Problem(error)
        }
    }
}
