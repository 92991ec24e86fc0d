import Foundation

/// The body of `POST /catalog/dataSets`: a `name`, an optional `description` and the `schema` document (an
/// object, passed on to `Lake` as JSON, which validates and normalizes it).
struct DatasetCreationRequest: JSONObjectBody {
    var name: String
    var description: String?
    /// The schema document as JSON bytes.
    var schemaDocument: [UInt8]

    init(object body: [String: JSONValue]) throws(Problem) {
        guard let name = body["name"]?.stringValue, !name.isEmpty else {
            throw Problem.badRequest("'name' (a non-empty string) is required", field: "name")
        }
        self.name = name
        description = body["description"]?.stringValue
        guard let schema = body["schema"], schema.objectValue != nil else {
            throw Problem.badRequest("'schema' (a schema document object) is required", field: "schema")
        }
        guard let document = try? JSONEncoder().encode(schema) else {
            throw Problem.badRequest("'schema' is not serializable JSON", field: "schema")
        }
        schemaDocument = Array(document)
    }
}
