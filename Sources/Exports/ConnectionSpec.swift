/// One parameter of a connection spec's `authSpec` or `targetSpec` (a JSON-schema-like description).
public struct SpecParameter: Sendable, Hashable, Codable {
    public var name: String
    /// `string`, `integer`, `boolean`.
    public var type: String
    public var description: String
    public var required: Bool
    /// Allowed values, when the parameter is an enumeration.
    public var allowed: [String]?
    /// Credentials are write-only: never returned by the API.
    public var secret: Bool
    /// The parameter says where the credentials are sent (an endpoint, host, port, token or STS URL, a pinned host
    /// key): a change of it must carry the connection's secrets again (`CredentialRebinding`).
    public var routesSecrets: Bool

    public init(
        _ name: String, _ description: String, type: String = "string", required: Bool = true,
        allowed: [String]? = nil, secret: Bool = false, routesSecrets: Bool = false
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.required = required
        self.allowed = allowed
        self.secret = secret
        self.routesSecrets = routesSecrets
    }
}

/// One of AEP's authentication variants of a connection spec (`authSpec[].name`, what a base connection's
/// `auth.specName` says): the catalog's auth parameters without `excluded`, with `alsoRequired` required besides the
/// catalog's required ones (SFTP's password or key).
public struct AuthVariant: Sendable, Hashable, Codable {
    public var name: String
    /// AEP's `authSpec[].type` (`KeyBased`, `ConnectionString`, `SFTP` ...).
    public var type: String
    public var excluded: Set<String>
    public var alsoRequired: Set<String>

    public init(_ name: String, type: String, excluded: Set<String> = [], alsoRequired: Set<String> = []) {
        self.name = name
        self.type = type
        self.excluded = excluded
        self.alsoRequired = alsoRequired
    }
}

/// A destination type of the catalog (AEP `connectionSpecs`).
public struct ConnectionSpec: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The AEP dataset-export flow spec that pairs the data lake with this destination.
    public var flowSpecId: String
    /// Credential parameters (empty for the landing zone and the local folder).
    public var authSpec: [SpecParameter]
    /// AEP's authentication variants over `authSpec` (none for the landing zone and the local folder).
    public var authVariants: [AuthVariant]
    /// Target connection parameters.
    public var targetSpec: [SpecParameter]
    /// Whether Outflow can deliver to it today.
    public var available: Bool

    /// The names of the write-only credential parameters, in catalog order.
    public var secretParameterNames: [String] { authSpec.filter(\.secret).map(\.name) }

    /// The parameters of `variant`, in catalog order, and the names it requires.
    public func parameters(of variant: AuthVariant) -> (parameters: [SpecParameter], required: [String]) {
        let parameters = authSpec.filter { !variant.excluded.contains($0.name) }
        return (parameters, parameters.filter { $0.required || variant.alsoRequired.contains($0.name) }.map(\.name))
    }

    /// The names of the parameters that say where the credentials go, in catalog order.
    public var routingParameterNames: [String] { authSpec.filter(\.routesSecrets).map(\.name) }

    public init(
        id: String, name: String, flowSpecId: String, authSpec: [SpecParameter], authVariants: [AuthVariant] = [],
        targetSpec: [SpecParameter], available: Bool
    ) {
        self.id = id
        self.name = name
        self.flowSpecId = flowSpecId
        self.authSpec = authSpec
        self.authVariants = authVariants
        self.targetSpec = targetSpec
        self.available = available
    }
}
