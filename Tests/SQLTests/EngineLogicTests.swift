import Columnar
import Foundation
import Testing

@testable import SQL

/// Runs the sqllogictest-style files in `Resources/engine/*.slt` against `SQLEngine` over in-memory tables.
///
/// Records, separated by blank lines:
/// - `table NAME (col type, ...)` then rows, values tab-separated, `NULL` for null, `(empty)` for ''.
/// - `statement ok` / `statement error <SQLSTATE>` then the SQL.
/// - `query <types> [rowsort|nosort]` then the SQL, `----`, and the expected rows (tab-separated values,
///   `NULL`, `(empty)`, booleans `true`/`false`). The type letters (I, R, T) are checked by count only.
@Suite struct EngineLogicTests {
    struct Failure: CustomStringConvertible {
        var file: String
        var line: Int
        var message: String
        var description: String { "\(file):\(line): \(message)" }
    }

    static func files() -> [URL] {
        guard let directory = Bundle.module.url(forResource: "Resources/engine", withExtension: nil) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".slt") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func columnType(_ text: String) -> DataType? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        switch lowered {
        case "integer", "int", "int4": return .int32
        case "bigint", "int8": return .int64
        case "double precision", "float8": return .float64
        case "real", "float4": return .float32
        case "text", "varchar": return .string
        case "boolean", "bool": return .boolean
        case "date": return .date
        case "timestamptz", "timestamp with time zone": return .timestamp
        case "bytea": return .binary
        default:
            if lowered.hasPrefix("numeric(") {
                let inner = lowered.dropFirst(8).dropLast().split(separator: ",").compactMap {
                    Int($0.trimmingCharacters(in: .whitespaces))
                }
                if inner.count == 2 { return .decimal(precision: inner[0], scale: inner[1]) }
            }
            return nil
        }
    }

    /// The table of a `table` record; with `partitions` above 1, its rows split into that many batches (each one
    /// partition of the scan, so parallel workers share them).
    static func parseTable(_ header: String, _ rows: [String], partitions: Int = 1) throws -> InMemoryTable {
        guard let open = header.firstIndex(of: "("), let close = header.lastIndex(of: ")") else {
            throw SQLError(.syntaxError, "bad table header \(header)")
        }
        let name = header.dropFirst("table ".count).prefix(while: { $0 != " " && $0 != "(" })
        var fields: [Field] = []
        var depth = 0
        var current = ""
        var parts: [String] = []
        for character in header[header.index(after: open)..<close] {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for part in parts {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let space = trimmed.firstIndex(of: " "), let type = columnType(String(trimmed[space...])) else {
                throw SQLError(.syntaxError, "bad column \(part)")
            }
            fields.append(Field(String(trimmed[..<space]), type))
        }
        let schema = Schema(fields)
        var values: [[Value]] = []
        for row in rows {
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var out: [Value] = []
            for (cell, field) in zip(cells, fields) {
                if cell == "NULL" {
                    out.append(.null)
                    continue
                }
                let type = SQLType(field.type)
                let datum = try Cast.fromText(cell == "(empty)" ? "" : cell, to: type)
                out.append(datum.columnarValue(as: type))
            }
            values.append(out)
        }
        guard partitions > 1, values.count > 1 else {
            return try InMemoryTable(name: String(name), schema: schema, rows: values)
        }
        let size = (values.count + partitions - 1) / partitions
        let batches = try stride(from: 0, to: values.count, by: size).flatMap { start in
            try InMemoryTable(
                name: String(name), schema: schema, rows: Array(values[start..<min(values.count, start + size)])
            ).batches
        }
        return InMemoryTable(name: String(name), schema: schema, batches: batches)
    }

    static func render(_ value: String?) -> String {
        guard let value else { return "NULL" }
        return value.isEmpty ? "(empty)" : value
    }

    /// Runs one file with `threads` workers; above 1, tables have three partitions and results of queries
    /// without ORDER BY compare as multisets (a gather returns rows in no particular order).
    static func run(_ url: URL, threads: Int = 1) async -> (cases: Int, failures: [Failure]) {
        let file = url.lastPathComponent
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return (0, [Failure(file: file, line: 0, message: "unreadable")])
        }
        var catalog = InMemoryCatalog()
        var engine = SQLEngine(settings: SessionSettings(), timeZones: ZoneInfoSource.database)
        engine.options.threads = threads
        var failures: [Failure] = []
        var cases = 0
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let start = index + 1
            if line.isEmpty || line.hasPrefix("#") {
                index += 1
                continue
            }
            var block: [String] = []
            while index < lines.count, !lines[index].isEmpty {
                block.append(lines[index])
                index += 1
            }
            let header = block[0]
            if header.hasPrefix("table ") {
                do {
                    catalog.add(try parseTable(header, Array(block.dropFirst()), partitions: threads > 1 ? 3 : 1))
                } catch {
                    failures.append(Failure(file: file, line: start, message: "table: \(error)"))
                }
                continue
            }
            cases += 1
            let words = header.split(separator: " ").map(String.init)
            if words.first == "statement" {
                let sql = block.dropFirst().joined(separator: "\n")
                do {
                    if try !engine.apply(SQLParser.parseStatement(sql)) {
                        _ = try await engine.execute(sql, catalog: catalog)
                    }
                    if words.count > 1, words[1] == "error" {
                        failures.append(Failure(file: file, line: start, message: "expected an error: \(sql)"))
                    }
                } catch let error as SQLError {
                    if words.count > 1, words[1] == "ok" {
                        failures.append(Failure(file: file, line: start, message: "\(error): \(sql)"))
                    } else if words.count > 2, words[2] != error.state.code {
                        failures.append(
                            Failure(file: file, line: start, message: "expected \(words[2]), got \(error): \(sql)"))
                    }
                } catch {
                    failures.append(Failure(file: file, line: start, message: "\(error): \(sql)"))
                }
                continue
            }
            guard words.first == "query", words.count >= 2,
                let separator = block.firstIndex(of: "----")
            else {
                failures.append(Failure(file: file, line: start, message: "bad record \(header)"))
                continue
            }
            let sql = block[1..<separator].joined(separator: "\n")
            var expected = Array(block[(separator + 1)...])
            do {
                let result = try await engine.execute(sql, catalog: catalog)
                if result.columns.count != words[1].count {
                    failures.append(
                        Failure(
                            file: file, line: start,
                            message: "expected \(words[1].count) columns, got \(result.columns.count): \(sql)"))
                }
                var actual = result.textRows.map { $0.map(render).joined(separator: "\t") }
                let unordered = threads > 1 && !sql.uppercased().contains("ORDER BY")
                if words.count > 2 && words[2] == "rowsort" || unordered {
                    actual.sort()
                    expected.sort()
                }
                if actual != expected {
                    failures.append(
                        Failure(
                            file: file, line: start,
                            message:
                                "\(sql)\nexpected:\n\(expected.joined(separator: "\n"))\nactual:\n\(actual.joined(separator: "\n"))"
                        ))
                }
            } catch {
                failures.append(Failure(file: file, line: start, message: "\(error): \(sql)"))
            }
        }
        return (cases, failures)
    }

    @Test(arguments: [1, 2]) func everyFileRuns(threads: Int) async {
        var total = 0
        for url in Self.files() {
            let (cases, failures) = await Self.run(url, threads: threads)
            total += cases
            for failure in failures { Issue.record("threads \(threads): \(failure)") }
        }
        #expect(total >= 150)
    }
}
