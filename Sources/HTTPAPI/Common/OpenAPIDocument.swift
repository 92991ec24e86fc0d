/// The OpenAPI 3.1 document of every REST API Outflow serves, the source of truth for the routes: the YAML file
/// `Resources/openapi.yaml`, embedded in the binary at build time and served as is at `GET /openapi.yaml`.
/// `OpenAPIDocumentTests` fails on any route the router serves that the document does not describe, and the reverse;
/// `IntegrationTests/test_openapi.py` validates it (openapi-spec-validator) and runs schemathesis against the server.
enum OpenAPIDocument {
    static let yaml = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}
