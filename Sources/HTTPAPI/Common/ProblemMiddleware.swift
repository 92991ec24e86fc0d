import Hummingbird
import Logging

/// Turns every error a handler throws (lake errors, Hummingbird's `HTTPError`s, anything else) into an
/// `application/problem+json` response with a stable code.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.statusCode >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}
