import Foundation
import Hummingbird

/// AEP Catalog style list filters: `property=name==web_events`, `property=status!=failed`; several
/// `property` parameters must all hold. A condition compares a top-level field of the listed resource
/// (as the API shows it) with a text value.
struct PropertyFilter {
    struct Condition: Equatable {
        var field: String
        var value: String
        var equal: Bool
    }

    let conditions: [Condition]

    var isEmpty: Bool { conditions.isEmpty }

    init(conditions: [Condition]) {
        self.conditions = conditions
    }

    /// The filter of a request's `property` query parameters.
    init(_ request: Request) throws(Problem) {
        var conditions: [Condition] = []
        for raw in request.uri.queryParameters[values: "property"] {
            let text = String(raw)
            let isNotEqual = text.contains("!=")
            let parts = text.components(separatedBy: isNotEqual ? "!=" : "==")
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Problem.badRequest(
                    "property filters look like 'field==value' or 'field!=value'", field: "property")
            }
            conditions.append(Condition(field: parts[0], value: parts[1], equal: !isNotEqual))
        }
        self.conditions = conditions
    }

    /// True when `resource` satisfies every condition.
    func matches(_ resource: some Encodable) -> Bool {
        guard !conditions.isEmpty else { return true }
        guard let data = try? JSONEncoder().encode(resource),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return false }
        return conditions.allSatisfy { condition in
            let actual = object[condition.field].map { "\($0)" }
            return (actual == condition.value) == condition.equal
        }
    }
}
