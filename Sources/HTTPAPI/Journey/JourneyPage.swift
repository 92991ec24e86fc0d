import Hummingbird

/// A page of a journey listing in CJA's (Spring) shape: `content`, `totalElements`, `totalPages`, `number` (the
/// page, from 0), `numberOfElements`, `size` (the limit), `firstPage`, `lastPage`.
struct JourneyPage<Item: Encodable & Sendable>: Encodable, Sendable {
    var content: [Item]
    var totalElements: Int
    var totalPages: Int
    var number: Int
    var numberOfElements: Int
    var size: Int
    var firstPage: Bool
    var lastPage: Bool

    /// Page `page` of `items`, `limit` per page.
    init(_ items: [Item], page: Int, limit: Int) {
        let start = min(items.count, page.multipliedReportingOverflow(by: limit).partialValue)
        content = Array(items[start..<min(items.count, start + limit)])
        totalElements = items.count
        totalPages = (items.count + limit - 1) / limit
        number = page
        numberOfElements = content.count
        size = limit
        firstPage = page == 0
        lastPage = page >= totalPages - 1
    }

    /// `limit` (1...1000, default 50) and `page` (from 0) of the request.
    static func paging(_ request: Request) throws(Problem) -> (page: Int, limit: Int) {
        let limit = try request.integerQuery("limit") ?? 50
        let page = try request.integerQuery("page") ?? 0
        guard (1...1_000).contains(limit) else { throw Problem.badRequest("limit must be 1...1000", field: "limit") }
        guard (0...1_000_000).contains(page) else {
            throw Problem.badRequest("page must be 0...1000000", field: "page")
        }
        return (page, limit)
    }
}
