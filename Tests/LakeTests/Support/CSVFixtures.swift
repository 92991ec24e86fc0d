import Foundation

/// CSV inputs for ingestion tests.
enum CSVFixtures {
    static let header = "_id,amount,price,ok,day,at,web.webPageDetails.name"

    /// `count` valid records, with the records at `badRows` (0-based) broken in the given column.
    /// Record `i` is on line `i + 2` (the header is line 1).
    static func orders(count: Int, bad badRows: [Int: String] = [:]) -> String {
        var lines = [header]
        for index in 0..<count {
            switch badRows[index] {
            case "amount": lines.append("id\(index),many,1.00,true,2026-01-01,2026-01-01T00:00:00Z,p")
            case "price": lines.append("id\(index),\(index),1.005,true,2026-01-01,2026-01-01T00:00:00Z,p")
            case "at": lines.append("id\(index),\(index),1.00,true,2026-01-01,soon,p")
            default:
                lines.append(
                    "id\(index),\(index),\(index).25,\(index % 2 == 0),2026-01-01,2026-01-01T00:00:00Z,page\(index % 7)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
