import ArgumentParser
import Exports
import Foundation
import OutflowServer
import QueryService
import SQL

/// `outflow query`: runs SQL over the sandbox's datasets and prints the last statement's result.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL (PostgreSQL's dialect) over the sandbox's datasets.",
        discussion: """
            Statements separated by ';' run in order; the last one's result is printed. Datasets are tables by
            name; CREATE TABLE AS and INSERT write derived datasets, CREATE VIEW stores views.
            Errors go to stderr as 'ERROR:  message (SQLSTATE XXXXX)', exit code 1.
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Output format: table (psql-like), csv or ndjson (one JSON object per row).")
    var format: String = "table"

    @Option(
        name: .customLong("memory-limit"),
        help:
            "Memory each statement's sorts, hash tables and joins may hold before spilling to disk (bytes, or with kB, MB, GB as PostgreSQL writes them; default 1GB).",
        transform: { text throws(ValidationError) -> Int in
            guard let bytes = MemorySize.parse(text), bytes > 0 else {
                throw ValidationError("--memory-limit must be a positive size such as 64MB or 1GB, not '\(text)'")
            }
            return bytes
        })
    var memoryLimit: Int?

    @Option(
        help:
            "Worker pipelines each statement's scans, filters and aggregates run on (1 to 64; default OUTFLOW_QUERY_THREADS or the cores the process may use; 1 runs serially).",
        transform: { text throws(ValidationError) -> Int in
            guard let threads = Int(text), (1...SessionSettings.maxThreads).contains(threads) else {
                throw ValidationError(
                    "--threads must be a whole number from 1 to \(SessionSettings.maxThreads), not '\(text)'")
            }
            return threads
        })
    var threads: Int?

    @Argument(help: "The SQL to run.")
    var sql: String

    func validate() throws {
        guard ResultFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of table, csv, ndjson")
        }
    }

    func run() async throws {
        let format = ResultFormat(rawValue: format) ?? .table
        let configuration = common.configuration()
        let logger = common.logger(configuration)
        let lake = try common.openLake(configuration, logger: logger)
        let services = try CLIFailure.mapping { () throws(ExportsError) in
            try OutflowServices(lake: lake, configuration: configuration, logger: logger)
        }
        let session = services.querySession(sandbox: common.sandbox, memoryLimit: memoryLimit, threads: threads)
        let progress = QueryProgress(enabled: isatty(2) == 1)
        let ticker = Task { await progress.tick() }
        defer { ticker.cancel() }
        do {
            let result = try await session.run(sql)
            let renderer = ResultRenderer(format: format)
            if result.returnsRows { Self.write(renderer.start(result.columns)) }
            while let batch = try await result.next() {
                progress.add(rows: batch.rows.count)
                Self.write(renderer.add(batch))
            }
            ticker.cancel()
            progress.clear()
            Self.write(renderer.finish(commandTag: result.commandTag, returnsRows: result.returnsRows))
        } catch {
            ticker.cancel()
            progress.clear()
            let sqlError = error as? SQLError ?? SQLError(SQLState("XX000"), "internal error: \(error)")
            CLIFailure.printError(Self.describe(sqlError))
            throw ExitCode.failure
        }
    }

    /// psql's error form with the SQLSTATE (`ERROR:  relation "x" does not exist (SQLSTATE 42P01)`).
    static func describe(_ error: SQLError) -> String {
        var text = "ERROR:  \(error.message) (SQLSTATE \(error.state.code))"
        if let position = error.position { text += "\nPOSITION: \(position)" }
        if let hint = error.hint { text += "\nHINT:  \(hint)" }
        return text
    }

    static func write(_ text: String) {
        if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
    }
}

/// Sizes as PostgreSQL's memory settings write them: a number of bytes, or with `kB`, `MB`, `GB`, `TB` (powers of
/// 1024, case-insensitive here).
enum MemorySize {
    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard let value = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let shifts = ["": 0, "b": 0, "kb": 10, "mb": 20, "gb": 30, "tb": 40]
        guard let shift = shifts[unit] else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : bytes
    }
}
