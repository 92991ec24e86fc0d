import Hummingbird
import Signing

/// Requires `Authorization: Bearer <key>` on every request except the health check; compares keys in
/// time independent of where they differ.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let key: [UInt8]
    /// Paths served without authentication.
    let openPaths: Set<String> = ["/healthz", "/openapi.yaml"]

    init(key: String) {
        self.key = Array(key.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            ConstantTimeComparison.equal(header.utf8.dropFirst(7), key)
        else {
            var response = try Problem.unauthorized.response(from: request, context: context)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
