import Foundation
import SQL
import Testing

/// A `.sqltest` file: cases as data. Each case is a block ended by a blank line:
///
///     statement                  error
///     SELECT a FROM t            SELECT FROM FROM
///     ----                       ----
///     SELECT a FROM t            42601 13 syntax error at or near "FROM"
///
/// `statement` expects the parse to succeed and print as the lines after `----` (one line per statement);
/// `error` expects an `SQLError` with that SQLSTATE, position (`-` for none, `*` for any; then the rest is a
/// note) and, if given, message.
/// Lines starting with `#` between cases are comments.
struct SQLTestCase: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable {
        case statement, error
    }

    var kind: Kind
    var sql: String
    var expected: String
    var line: Int

    var testDescription: String { "line \(line): \(sql.prefix(60))" }

    /// The printed statements, or `<state> <position> <message>` for an error.
    static func actual(for sql: String) -> (Kind, String) {
        do {
            let statements = try SQLParser.parse(sql)
            return (.statement, statements.map { SQLFormatter().statement($0) }.joined(separator: "\n"))
        } catch {
            return (.error, "\(error.state.code) \(error.position.map(String.init) ?? "-") \(error.message)")
        }
    }
}

enum SQLTestFile {
    static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: "sqltest", subdirectory: "Resources")
        else { throw CocoaError(.fileNoSuchFile) }
        return url
    }

    static func load(_ name: String) throws -> [SQLTestCase] {
        try parse(String(contentsOf: url(name), encoding: .utf8))
    }

    static func parse(_ text: String) -> [SQLTestCase] {
        var cases: [SQLTestCase] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard let kind = SQLTestCase.Kind(rawValue: line.trimmingCharacters(in: .whitespaces)) else {
                i += 1
                continue
            }
            let start = i + 1
            var sql: [String] = []
            i += 1
            while i < lines.count, lines[i] != "----" {
                sql.append(lines[i])
                i += 1
            }
            i += 1
            var expected: [String] = []
            while i < lines.count, !lines[i].isEmpty {
                expected.append(lines[i])
                i += 1
            }
            cases.append(
                SQLTestCase(
                    kind: kind, sql: sql.joined(separator: "\n"), expected: expected.joined(separator: "\n"),
                    line: start))
        }
        return cases
    }

    /// Rewrites the source copy of a corpus with the actual results (set OUTFLOW_SQLTEST_REWRITE=1 when adding
    /// cases, then review the diff: the file is the specification, not a recording).
    static func rewrite(_ name: String, sourceFile: String = #filePath) throws {
        let path = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
            .appendingPathComponent("Resources/\(name).sqltest")
        let text = try String(contentsOf: path, encoding: .utf8)
        var out: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard SQLTestCase.Kind(rawValue: line.trimmingCharacters(in: .whitespaces)) != nil else {
                out.append(line)
                i += 1
                continue
            }
            i += 1
            var sql: [String] = []
            while i < lines.count, lines[i] != "----" {
                sql.append(lines[i])
                i += 1
            }
            i += 1
            while i < lines.count, !lines[i].isEmpty { i += 1 }
            let (kind, actual) = SQLTestCase.actual(for: sql.joined(separator: "\n"))
            out.append(kind.rawValue)
            out += sql
            out.append("----")
            out.append(actual)
        }
        try out.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
    }
}
