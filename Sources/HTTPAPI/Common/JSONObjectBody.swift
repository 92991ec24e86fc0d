import Foundation
import Hummingbird

/// A request body that must be a JSON object. It is decoded with `JSONDecoder` as a `JSONValue` and then read
/// field by field in `init(object:)`, so that every failure is a `Problem` naming its field: a `DecodingError`
/// never reaches the client.
protocol JSONObjectBody: Decodable {
    init(object: [String: JSONValue]) throws(Problem)
}

extension JSONObjectBody {
    init(from decoder: any Decoder) throws {
        guard let object = try JSONValue(from: decoder).objectValue else { throw Problem.notAJSONObject }
        try self.init(object: object)
    }

    /// The body of `bytes`: 400 "the request body must be a JSON object" unless they are one.
    static func decode(_ bytes: Data) throws(Problem) -> Self {
        try JSONValue.decode(Self.self, from: bytes, otherwise: .notAJSONObject)
    }
}

extension JSONValue {
    /// `bytes` decoded as `Value`; a `Problem` thrown while reading it is kept, any other failure is `problem`.
    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: Data, otherwise problem: Problem)
        throws(Problem) -> Value
    {
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch let error as Problem {
            throw error
        } catch {
            throw problem
        }
    }
}

extension Problem {
    static var notAJSONObject: Problem { .badRequest("the request body must be a JSON object") }
}

extension Request {
    /// The body, at most `limit` bytes, decoded as `Body`.
    func decodeJSON<Body: JSONObjectBody>(_ type: Body.Type, limit: Int) async throws -> Body {
        let buffer = try await body.collect(upTo: limit)
        return try Body.decode(Data(buffer.readableBytesView))
    }

    /// The body, at most `limit` bytes, as a JSON Patch array of operations.
    func jsonPatch(limit: Int) async throws -> [JSONValue] {
        let buffer = try await body.collect(upTo: limit)
        return try JSONValue.decode(
            [JSONValue].self, from: Data(buffer.readableBytesView),
            otherwise: .badRequest("the request body must be a JSON Patch array"))
    }
}
