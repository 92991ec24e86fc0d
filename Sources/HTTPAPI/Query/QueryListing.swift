import Foundation
import Hummingbird

/// AEP's listing parameters of the Query Service: `orderby` (`created` | `updated`, `-` descending, `+` or none
/// ascending), `limit` (1...1000, default 20), `start` (a zero-based offset) and `property` (comma-separated
/// `field op value` with `>`, `<`, `>=`, `<=`, `==`, `!=`, `~` contains; times as ISO 8601 or epoch ms).
struct QueryListing {
    struct Condition {
        var field: String
        var op: String
        var value: String
    }

    var orderby: String
    var descending: Bool
    var orderField: String
    var start: Int
    var limit: Int
    var conditions: [Condition]

    static let operators = [">=", "<=", "==", "!=", ">", "<", "~"]

    init(_ request: Request, fields: Set<String>) throws(Problem) {
        let order = request.uri.queryParameters["orderby"].map(String.init) ?? "-created"
        descending = order.hasPrefix("-")
        let field = order.hasPrefix("-") || order.hasPrefix("+") ? String(order.dropFirst()) : order
        guard field == "created" || field == "updated" else {
            throw Problem.badRequest("orderby must be created or updated, optionally with - or +", field: "orderby")
        }
        orderField = field
        orderby = (descending ? "-" : "+") + field
        start = try request.integerQuery("start") ?? 0
        limit = try request.integerQuery("limit") ?? 20
        guard start >= 0 else { throw Problem.badRequest("start must be >= 0", field: "start") }
        guard (1...1_000).contains(limit) else { throw Problem.badRequest("limit must be 1...1000", field: "limit") }
        conditions = []
        guard let property = request.uri.queryParameters["property"].map(String.init), !property.isEmpty else { return }
        for part in property.split(separator: ",") {
            let text = String(part)
            guard let op = Self.operators.first(where: { text.contains($0) }),
                let range = text.range(of: op)
            else {
                throw Problem.badRequest(
                    "property '\(text)' must be field, operator (> < >= <= == != ~) and value", field: "property")
            }
            let name = String(text[..<range.lowerBound])
            guard fields.contains(name) else {
                throw Problem.badRequest(
                    "property filters on \(fields.sorted().joined(separator: ", ")), not '\(name)'", field: "property")
            }
            conditions.append(Condition(field: name, op: op, value: String(text[range.upperBound...])))
        }
    }

    /// Whether an item whose fields read as `value(field)` passes every condition. Times compare as instants.
    func matches(_ value: (String) -> String?) -> Bool {
        conditions.allSatisfy { condition in
            guard let actual = value(condition.field) else { return condition.op == "!=" }
            if condition.field == "created" || condition.field == "updated",
                let left = QueryTime.parse(actual) ?? Int64(actual),
                let right = QueryTime.parse(condition.value) ?? Int64(condition.value)
            {
                return Self.compare(left, condition.op, right)
            }
            if condition.op == "~" { return actual.localizedCaseInsensitiveContains(condition.value) }
            return Self.compare(actual, condition.op, condition.value)
        }
    }

    static func compare<T: Comparable>(_ left: T, _ op: String, _ right: T) -> Bool {
        switch op {
        case ">": left > right
        case "<": left < right
        case ">=": left >= right
        case "<=": left <= right
        case "==": left == right
        case "!=": left != right
        default: false
        }
    }

    /// Orders `items` by `key` (created or updated, epoch ms) and cuts the page; with links to the neighbours.
    func page<Item, Resource: Encodable>(
        _ items: [Item], key: String, path: String, created: @escaping (Item) -> Int64,
        updated: @escaping (Item) -> Int64,
        resource: (Item) -> Resource
    ) -> QueryPage<Resource> {
        let time = orderField == "created" ? created : updated
        let sorted = items.sorted { descending ? time($0) > time($1) : time($0) < time($1) }
        let slice = Array(sorted.dropFirst(start).prefix(limit))
        let nextStart = start + slice.count < sorted.count ? start + slice.count : nil
        func link(_ offset: Int) -> QueryLink {
            QueryLink(href: "\(path)?orderby=\(orderby)&start=\(offset)&limit=\(limit)")
        }
        return QueryPage(
            key: key, items: slice.map(resource),
            page: .init(orderby: orderby, start: start, count: slice.count, total: sorted.count, next: nextStart),
            links: .init(next: nextStart.map(link), prev: start > 0 ? link(max(0, start - limit)) : nil), version: 1)
    }
}
