public import Foundation

extension Segment {
    /// A segment's body as clients send it (`name`, `description`, `dataId`, `definition` in CJA's shape), decoded
    /// from JSON; a body that does not decode is `.invalid` naming the JSON path at fault
    /// (`definition.container.pred.func`). Server-owned fields (`id`, `version`, times) are ignored.
    public static func draft(json: Data) throws(JourneyError) -> Segment {
        struct Body: Decodable {
            var name: String
            var description: String?
            var dataId: String
            var definition: SegmentDefinition
        }
        do {
            let body = try JSONDecoder().decode(Body.self, from: json)
            return Segment(
                id: "", name: body.name, description: body.description, dataId: body.dataId,
                definition: body.definition)
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw .invalid(path(context.codingPath + [key]), "is required")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                throw .invalid(path(context.codingPath), context.debugDescription)
            @unknown default:
                throw .invalid("", "the segment is not valid JSON")
            }
        } catch {
            throw .invalid("", "the segment is not valid JSON: \(error)")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
    }
}
