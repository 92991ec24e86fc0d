import Exports
import Hummingbird

extension Problem {
    /// Maps an Exports error to HTTP: a bad field is 400 `INVALID_FIELD`, an unknown reference inside a request
    /// body (it names a field) is 400 `NOT_FOUND` and otherwise 404, an etag mismatch (`If-Match`) is 412
    /// `PRECONDITION_FAILED`, another conflict 409, a destination failure 502.
    init(_ error: ExportsError) {
        let status: HTTPResponse.Status
        var code: String
        switch error.code {
        case .invalidField: (status, code) = (.badRequest, "INVALID_FIELD")
        case .notFound: (status, code) = (error.field == nil ? .notFound : .badRequest, "NOT_FOUND")
        case .conflict:
            (status, code) =
                error.field == "If-Match" ? (.preconditionFailed, "PRECONDITION_FAILED") : (.conflict, "CONFLICT")
        case .destination: (status, code) = (.badGateway, "DESTINATION")
        case .lake: (status, code) = (.internalServerError, "CATALOG")
        case .encoding: (status, code) = (.internalServerError, "ENCODING")
        }
        self.init(status: status, code: code, detail: error.message, field: error.field)
    }
}

extension Problem {
    /// 400 `CREDENTIALS_REQUIRED`: a change of where the credentials go (`moved`) kept stored secrets (`missing`);
    /// `field` is the first missing one, `fields` all of them.
    static func credentialsRequired(moved: [String], missing: [String]) -> Problem {
        let fields = missing.map { "auth.params.\($0)" }
        let changed = moved.map { $0.contains(".") ? "'\($0)'" : "'auth.params.\($0)'" }.joined(separator: ", ")
        var problem = Problem(
            status: .badRequest, code: "CREDENTIALS_REQUIRED",
            detail: "this change of \(changed) sends the credentials to a different place: send "
                + fields.map { "'\($0)'" }.joined(separator: ", ") + " again in the same patch",
            field: fields.first)
        problem.fields = fields
        return problem
    }
}

/// Runs store calls (which suspend while GRDB works on its own queues) and turns their errors into problems.
struct FlowServiceAccess: Sendable {
    let backend: FlowServiceBackend
    let lake: LakeAccess

    var store: any FlowStore { backend.store }

    /// Runs store calls, mapping their error.
    func withStore<T: Sendable>(_ body: (any FlowStore) async throws(ExportsError) -> T) async throws(Problem) -> T {
        do {
            return try await body(backend.store)
        } catch {
            throw Problem(error)
        }
    }

    /// Runs an asynchronous store or runner call, mapping its error.
    func async<T: Sendable>(_ body: () async throws(ExportsError) -> T) async throws(Problem) -> T {
        do {
            return try await body()
        } catch {
            throw Problem(error)
        }
    }
}
