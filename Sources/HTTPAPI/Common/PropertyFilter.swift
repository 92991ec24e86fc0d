import Foundation
import Hummingbird

/// AEP Catalog style list filters: `property=name==web_events`, `property=status!=failed`; several
/// `property` parameters must all hold. A condition compares a top-level field of the listed resource
/// (as the API shows it; a value other than a string as its JSON text) with a text value.
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
            guard let condition = Self.condition(String(raw)) else {
                throw Problem.badRequest(
                    "property filters look like 'field==value' or 'field!=value'", field: "property")
            }
            conditions.append(condition)
        }
        self.conditions = conditions
    }

    /// `field!=value` or `field==value` with exactly one operator (`!=` wins), split on bytes so that a value
    /// starting with a combining character cannot merge with the operator; nil when malformed.
    static func condition(_ text: String) -> Condition? {
        let bytes = Array(text.utf8)
        for (op, equal) in [(Array("!=".utf8), false), (Array("==".utf8), true)] {
            let offsets = occurrences(of: op, in: bytes)
            guard let index = offsets.first else { continue }
            guard offsets.count == 1, index > 0 else { return nil }
            return Condition(
                field: String(decoding: bytes[..<index], as: UTF8.self),
                value: String(decoding: bytes[(index + 2)...], as: UTF8.self), equal: equal)
        }
        return nil
    }

    /// Start offsets of the non-overlapping occurrences of a two-byte operator.
    private static func occurrences(of op: [UInt8], in bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == op[0] && bytes[index + 1] == op[1] {
                offsets.append(index)
                index += 2
            } else {
                index += 1
            }
        }
        return offsets
    }

    /// True when `resource` satisfies every condition.
    func matches(_ resource: some Encodable) -> Bool {
        guard !conditions.isEmpty else { return true }
        guard let object = (try? JSONValue(encoding: resource))?.objectValue else { return false }
        return conditions.allSatisfy { condition in
            let actual = object[condition.field]?.text
            return (actual == condition.value) == condition.equal
        }
    }
}
