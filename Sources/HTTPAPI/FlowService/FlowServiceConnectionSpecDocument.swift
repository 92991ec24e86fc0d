import Exports

/// A connection spec as AEP's Flow Service shows it (`GET /connectionSpecs[/{id}]`): `authSpec` is the catalog's
/// authentication variants (`ConnectionSpec.authVariants`), each with a JSON-schema `spec` of its `params` (what AEP's "Export datasets"
/// tutorial tells readers to look up), and `targetSpec` is one `User based target` schema. Outflow's additions:
/// `flowSpecId`, `available`, and per property `routesSecrets: true` where a change must resend the secrets.
enum FlowServiceConnectionSpecDocument {
    /// AEP's provider id of destination connection specs.
    static let providerId = "14e34fac-d307-11e9-bb65-2a2ae2dbcce4"

    static func document(_ spec: ConnectionSpec) -> JSONValue {
        let auth = spec.authVariants.map { variant in
            let (parameters, required) = spec.parameters(of: variant)
            return JSONValue.object([
                "name": .string(variant.name), "type": .string(variant.type),
                "spec": schema(parameters, description: "\(spec.name): \(variant.name)", required: required),
            ])
        }
        return .object([
            "id": .string(spec.id), "name": .string(spec.name), "providerId": .string(providerId),
            "version": .string("1.0"), "authSpec": .array(auth),
            "targetSpec": .object([
                "name": .string("User based target"), "type": .string("UserNamespace"),
                "spec": schema(
                    spec.targetSpec, description: nil, required: spec.targetSpec.filter(\.required).map(\.name)),
            ]),
            "flowSpecId": .string(spec.flowSpecId), "available": .bool(spec.available),
        ])
    }

    static func schema(_ parameters: [SpecParameter], description: String?, required: [String]) -> JSONValue {
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
            "properties": .object(properties), "required": .array(required.map(JSONValue.string)),
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
