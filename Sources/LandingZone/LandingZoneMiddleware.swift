package import Hummingbird

/// Hands every request under `/<account>` to the landing zone (which authorizes it with SharedKey, SAS or a
/// bearer token, not with Outflow's API key) and passes everything else on. Install it before the API-key
/// middleware.
package struct LandingZoneMiddleware<Context: RequestContext>: RouterMiddleware {
    let service: LandingZoneService

    /// A middleware serving `service`'s account path.
    package init(service: LandingZoneService) {
        self.service = service
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws
        -> Response
    {
        let prefix = "/" + service.account.name
        let path = request.uri.path
        guard path == prefix || path.hasPrefix(prefix + "/") else { return try await next(request, context) }
        if let response = await service.respond(to: request) { return response }
        return try await next(request, context)
    }
}
