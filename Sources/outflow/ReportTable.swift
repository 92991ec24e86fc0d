import Foundation
import Journey

/// A report's rows as the CLI prints them: one column for the dimension item, one per metric, keyed by the
/// components' ids; as an aligned table, CSV, or NDJSON (one JSON object per row).
struct ReportTable {
    var columns: [String]
    var rows: [[ReportCell]]

    enum ReportCell {
        case text(String)
        case number(Double)

        var text: String {
            switch self {
            case .text(let value): value
            case .number(let value): ReportTable.format(value)
            }
        }
    }

    init(_ report: ReportResponse, dimension: String, metrics: [String]) {
        columns = [dimension] + metrics
        rows = report.rows.map { row in
            [ReportCell.text(row.value)]
                + metrics.indices.map { ReportCell.number($0 < row.data.count ? row.data[$0] : .nan) }
        }
    }

    /// A whole number without a fraction, others as Swift prints them.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    func ndjson() -> String {
        rows.map { row in
            "{"
                + zip(columns, row).map { column, cell in
                    let value =
                        switch cell {
                        case .text(let text): Self.quoted(text)
                        case .number(let number): number.isFinite ? Self.format(number) : "null"
                        }
                    return Self.quoted(column) + ":" + value
                }.joined(separator: ",") + "}"
        }.map { $0 + "\n" }.joined()
    }

    func csv() -> String {
        ([columns] + rows.map { $0.map(\.text) }).map { line in
            line.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",") + "\n"
        }.joined()
    }

    func table() -> String {
        let cells = rows.map { $0.map(\.text) }
        let widths = columns.indices.map { index in
            ([columns[index]] + cells.map { $0[index] }).map(\.count).max() ?? 0
        }
        func line(_ fields: [String]) -> String {
            fields.enumerated().map { index, field in
                let pad = String(repeating: " ", count: widths[index] - field.count)
                return index == 0 ? field + pad : pad + field
            }.joined(separator: " | ")
        }
        var out = [line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-")]
        out += cells.map(line)
        out.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` as a JSON string.
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
