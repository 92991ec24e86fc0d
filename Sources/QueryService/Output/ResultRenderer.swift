public import SQL

/// Renders a statement's result as text, batch by batch, so a big result streams to its output instead of being
/// held whole. `table` holds the first `tableSampleRows` rows to size its columns (psql sizes them over all
/// rows); later rows wider than that sample stretch their own line only.
public final class ResultRenderer {
    public let format: ResultFormat
    public static let tableSampleRows = 1_000
    private var columns: [PlanColumn] = []
    private var pending: [[String?]] = []
    private var widths: [Int]?
    private var rows = 0

    public init(format: ResultFormat) { self.format = format }

    /// Text to print before the rows (the CSV header; nothing for the others, the table's header waits for its
    /// sample).
    public func start(_ columns: [PlanColumn]) -> String {
        self.columns = columns
        switch format {
        case .csv: return columns.map { Self.csvField($0.name) }.joined(separator: ",") + "\n"
        case .table, .ndjson: return ""
        }
    }

    /// Text for one batch of rows.
    public func add(_ batch: QueryResult) -> String {
        rows += batch.rows.count
        switch format {
        case .ndjson:
            var out = ""
            batch.withSessionZone {
                for row in batch.rows { out += JSONValueWriter.row(row, columns: columns) + "\n" }
            }
            return out
        case .csv:
            // `textRows` prints timestamptz values in the session's zone.
            var out = ""
            for row in batch.textRows {
                out += row.map { $0.map(Self.csvText) ?? "" }.joined(separator: ",") + "\n"
            }
            return out
        case .table:
            let texts = batch.textRows
            if widths != nil { return texts.map(line).joined() }
            pending += texts
            return pending.count >= Self.tableSampleRows ? flushTable() : ""
        }
    }

    /// Text after the last row: the table's footer (`(n rows)`), or a command's tag in table format.
    public func finish(commandTag: String, returnsRows: Bool) -> String {
        guard format == .table else { return "" }
        guard returnsRows else { return commandTag + "\n" }
        let out = widths == nil ? flushTable() : ""
        return out + "(\(rows) \(rows == 1 ? "row" : "rows"))\n\n"
    }

    private func flushTable() -> String {
        var sizes = columns.map { Self.width($0.name) }
        for row in pending {
            for (index, text) in row.enumerated() { sizes[index] = max(sizes[index], Self.width(text ?? "")) }
        }
        widths = sizes
        var header: [String] = []
        for (index, column) in columns.enumerated() {
            let space = sizes[index] - Self.width(column.name)
            let left = space / 2
            header.append(
                String(repeating: " ", count: left) + column.name + String(repeating: " ", count: space - left))
        }
        var out = Self.trimmed(" " + header.joined(separator: " | ") + " ") + "\n"
        out += sizes.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        out += pending.map(line).joined()
        pending = []
        return out
    }

    private func line(_ row: [String?]) -> String {
        let sizes = widths ?? []
        var cells: [String] = []
        for (index, text) in row.enumerated() {
            let value = text ?? ""
            let pad = String(repeating: " ", count: max(0, sizes[index] - Self.width(value)))
            cells.append(Self.rightAligned(columns[index].type) ? pad + value : value + pad)
        }
        return Self.trimmed(" " + cells.joined(separator: " | ") + " ") + "\n"
    }

    static func rightAligned(_ type: SQLType) -> Bool {
        switch type {
        case .smallint, .integer, .bigint, .real, .double, .numeric: return true
        default: return false
        }
    }

    /// Display width: characters (psql counts East Asian wide characters as two; this counts one).
    static func width(_ text: String) -> Int { text.count }

    static func trimmed(_ line: String) -> String {
        var out = Substring(line)
        while out.last == " " { out = out.dropLast() }
        return String(out)
    }

    static func csvField(_ text: String) -> String {
        text.isEmpty ? "\"\"" : csvText(text)
    }

    /// A CSV field: quoted when it holds a comma, quote, line break, or is empty (so '' differs from NULL).
    static func csvText(_ text: String) -> String {
        if text.isEmpty { return "\"\"" }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            var out = "\""
            for character in text {
                out.append(character)
                if character == "\"" { out.append("\"") }
            }
            return out + "\""
        }
        return text
    }
}
