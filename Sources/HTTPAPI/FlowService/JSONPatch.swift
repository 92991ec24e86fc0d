import Foundation

/// RFC 6902 JSON Patch, limited to `add`, `replace` and `remove` on object paths such as
/// `/scheduleParams/interval`, applied to the resource as the API shows it.
enum JSONPatch {
    /// The JSON object of an `Encodable` resource (empty if it does not encode as an object).
    static func document(of value: some Encodable) -> [String: JSONValue] {
        (try? JSONValue(encoding: value))?.objectValue ?? [:]
    }

    /// `document` with the operations applied in order; an operation that is not an object with a string `op`
    /// and a `/path` is a 400 naming its index.
    static func apply(_ operations: [JSONValue], to document: [String: JSONValue]) throws(Problem)
        -> [String: JSONValue]
    {
        var document = document
        for (index, element) in operations.enumerated() {
            guard let operation = element.objectValue, let op = operation["op"]?.stringValue,
                let path = operation["path"]?.stringValue, path.hasPrefix("/")
            else {
                throw Problem.badRequest("operation \(index) needs 'op' and a '/path'", field: "[\(index)]")
            }
            let keys = path.dropFirst().split(separator: "/").map(String.init)
            guard !keys.isEmpty, ["add", "replace", "remove"].contains(op) else {
                throw Problem.badRequest("unsupported patch operation '\(op)' on '\(path)'", field: "[\(index)].op")
            }
            document = set(document, keys: keys[...], value: op == "remove" ? nil : operation["value"])
        }
        return document
    }

    /// `object` with the value at the key path set (nil removes it); a missing or non-object step becomes `{}`.
    private static func set(_ object: [String: JSONValue], keys: ArraySlice<String>, value: JSONValue?)
        -> [String: JSONValue]
    {
        var object = object
        guard let key = keys.first else { return object }
        if keys.count == 1 {
            object[key] = value
        } else {
            object[key] = .object(set(object[key]?.objectValue ?? [:], keys: keys.dropFirst(), value: value))
        }
        return object
    }
}
