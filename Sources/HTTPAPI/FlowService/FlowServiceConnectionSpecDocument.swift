import Exports

/// A connection spec as AEP's Flow Service shows it (`GET /connectionSpecs[/{id}]`): `authSpec` is a list of
/// named authentication variants, each with a JSON-schema `spec` of its `params` (what AEP's "Export datasets"
/// tutorial tells readers to look up), and `targetSpec` is one `User based target` schema. Outflow's additions:
/// `flowSpecId`, `available`, and per property `routesSecrets: true` where a change must resend the secrets.
enum FlowServiceConnectionSpecDocument {
    /// AEP's provider id of destination connection specs.
    static let providerId = "14e34fac-d307-11e9-bb65-2a2ae2dbcce4"

    /// One authentication variant: AEP's `name` and `type`, and the catalog parameters it leaves out.
    struct AuthVariant {
        var name: String
        var type: String
        var without: Set<String> = []
    }

    /// AEP's variants per connection spec (names as the tutorial's `auth.specName`); specs absent here have none.
    static let authVariants: [String: [AuthVariant]] = [
        ConnectionSpecCatalog.amazonS3: [AuthVariant(name: "Access Key", type: "KeyBased")],
        ConnectionSpecCatalog.azureBlob: [AuthVariant(name: "ConnectionString", type: "ConnectionString")],
        ConnectionSpecCatalog.adlsGen2: [
            AuthVariant(name: "Azure Service Principal Auth", type: "AzureServicePrincipal")
        ],
        ConnectionSpecCatalog.googleCloudStorage: [
            AuthVariant(name: "Google Cloud Storage authentication credentials", type: "GoogleCloudStorageAuth")
        ],
        ConnectionSpecCatalog.sftp: [
            AuthVariant(name: "SFTP with Password", type: "SFTP", without: ["sshKey", "sshKeyPassphrase"]),
            AuthVariant(name: "SFTP with SSH Key", type: "SFTP", without: ["password"]),
        ],
    ]

    static func document(_ spec: ConnectionSpec) -> JSONValue {
        let auth = (authVariants[spec.id] ?? []).map { variant in
            JSONValue.object([
                "name": .string(variant.name), "type": .string(variant.type),
                "spec": schema(
                    spec.authSpec.filter { !variant.without.contains($0.name) },
                    description: "\(spec.name): \(variant.name)", required: requiredAuth(spec, variant)),
            ])
        }
        return .object([
            "id": .string(spec.id), "name": .string(spec.name), "providerId": .string(providerId),
            "version": .string("1.0"), "authSpec": .array(auth),
            "targetSpec": .object([
                "name": .string("User based target"), "type": .string("UserNamespace"),
                "spec": schema(spec.targetSpec, description: nil, required: spec.targetSpec.filter(\.required)),
            ]),
            "flowSpecId": .string(spec.flowSpecId), "available": .bool(spec.available),
        ])
    }

    /// The catalog's required parameters, plus the secret that names the variant (SFTP's password or key).
    static func requiredAuth(_ spec: ConnectionSpec, _ variant: AuthVariant) -> [SpecParameter] {
        spec.authSpec.filter { parameter in
            guard !variant.without.contains(parameter.name) else { return false }
            if parameter.required { return true }
            return spec.id == ConnectionSpecCatalog.sftp && ["password", "sshKey"].contains(parameter.name)
        }
    }

    static func schema(_ parameters: [SpecParameter], description: String?, required: [SpecParameter]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in parameters {
            var property: [String: JSONValue] = [
                "description": .string(parameter.description), "type": .string(parameter.type),
            ]
            if let allowed = parameter.allowed { property["enum"] = .array(allowed.map(JSONValue.string)) }
            if parameter.secret { property["format"] = .string("password") }
            if parameter.routesSecrets { property["routesSecrets"] = .bool(true) }
            properties[parameter.name] = .object(property)
        }
        var schema: [String: JSONValue] = [
            "$schema": .string("http://json-schema.org/draft-07/schema#"), "type": .string("object"),
            "properties": .object(properties), "required": .array(required.map { .string($0.name) }),
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
