import Foundation
import Hummingbird
import QueryService

/// Request bodies of the Query Service API, read field by field (every failure a 400 naming its field).
enum QueryRequest {
    /// `POST /queries`: `dbName`, `sql`, `name`, `description`, `queryParameters`, `ctasParameters` |
    /// `insertIntoParameters` (`{datasetName}`).
    struct Create: JSONObjectBody {
        var request: QueryJobRequest
        var sandbox: String
        var effectiveSQL: String
        var isCTAS = false
        var isInsertInto = false

        init(object: [String: JSONValue]) throws(Problem) {
            let dbName = try QueryRequest.string(object, "dbName")
            sandbox = try QueryRequest.sandbox(ofDBName: dbName, field: "dbName")
            let sql = try QueryRequest.string(object, "sql")
            request = QueryJobRequest(
                dbName: dbName, sql: sql, name: try QueryRequest.optionalString(object, "name"),
                description: try QueryRequest.optionalString(object, "description"))
            var text = sql
            if let parameters = object["queryParameters"], parameters != .null {
                guard let values = parameters.objectValue else {
                    throw Problem.badRequest("queryParameters must be an object", field: "queryParameters")
                }
                text = try QueryRequest.substitute(text, values, field: "queryParameters")
            }
            let ctas = try QueryRequest.datasetName(object, "ctasParameters")
            let insert = try QueryRequest.datasetName(object, "insertIntoParameters")
            if ctas != nil && insert != nil {
                throw Problem.badRequest(
                    "give ctasParameters or insertIntoParameters, not both", field: "insertIntoParameters")
            }
            if let ctas {
                text = QueryParameters.createTableAs(text, datasetName: ctas)
                isCTAS = true
            } else if let insert {
                text = QueryParameters.insertInto(text, datasetName: insert)
                isInsertInto = true
            }
            effectiveSQL = text
        }
    }

    /// `POST /schedules`: `query` {dbName, sql, name, description, ctasParameters?} and `schedule` {schedule,
    /// startDate, endDate?}.
    struct CreateSchedule: JSONObjectBody {
        var query: QueryJobRequest
        var sandbox: String
        var datasetName: String?
        var cron: String
        var startDate: Int64?
        var endDate: Int64?

        init(object: [String: JSONValue]) throws(Problem) {
            guard let queryObject = object["query"]?.objectValue else {
                throw Problem.badRequest("query must be an object", field: "query")
            }
            let dbName = try QueryRequest.string(queryObject, "dbName", field: "query.dbName")
            sandbox = try QueryRequest.sandbox(ofDBName: dbName, field: "query.dbName")
            query = QueryJobRequest(
                dbName: dbName, sql: try QueryRequest.string(queryObject, "sql", field: "query.sql"),
                name: try QueryRequest.optionalString(queryObject, "name", field: "query.name"),
                description: try QueryRequest.optionalString(queryObject, "description", field: "query.description"))
            datasetName = try QueryRequest.datasetName(queryObject, "ctasParameters", field: "query.ctasParameters")
            guard let schedule = object["schedule"]?.objectValue else {
                throw Problem.badRequest("schedule must be an object", field: "schedule")
            }
            cron = try QueryRequest.cron(schedule["schedule"], field: "schedule.schedule")
            startDate = try QueryRequest.date(schedule["startDate"], field: "schedule.startDate")
            endDate = try QueryRequest.date(schedule["endDate"], field: "schedule.endDate")
            if let startDate, let endDate, endDate <= startDate {
                throw Problem.badRequest("endDate must be after startDate", field: "schedule.endDate")
            }
        }
    }

    static func string(_ object: [String: JSONValue], _ key: String, field: String? = nil) throws(Problem) -> String {
        guard let value = object[key]?.stringValue, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { throw Problem.badRequest("\(field ?? key) is required (a non-empty string)", field: field ?? key) }
        return value
    }

    static func optionalString(_ object: [String: JSONValue], _ key: String, field: String? = nil) throws(Problem)
        -> String?
    {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            throw Problem.badRequest("\(field ?? key) must be a string", field: field ?? key)
        }
        return text
    }

    /// The sandbox of a `dbName` (`prod` or `prod:all`).
    static func sandbox(ofDBName dbName: String, field: String) throws(Problem) -> String {
        var name = Substring(dbName)
        if name.hasSuffix(":all") { name = name.dropLast(4) }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw Problem(
                status: .badRequest, code: "INVALID_DB_NAME",
                detail: "dbName must be a sandbox name or '<sandbox>:all', not '\(dbName)'", field: field)
        }
        return String(name)
    }

    /// `{datasetName}` of `ctasParameters` / `insertIntoParameters`, nil when absent.
    static func datasetName(_ object: [String: JSONValue], _ key: String, field: String? = nil) throws(Problem)
        -> String?
    {
        guard let value = object[key], value != .null else { return nil }
        let path = field ?? key
        guard let parameters = value.objectValue else {
            throw Problem.badRequest("\(path) must be an object", field: path)
        }
        let name = try string(parameters, "datasetName", field: path + ".datasetName")
        guard name.count <= 255, !name.contains("\u{0}") else {
            throw Problem.badRequest("datasetName must be at most 255 characters", field: path + ".datasetName")
        }
        return name
    }

    static func substitute(_ sql: String, _ values: [String: JSONValue], field: String) throws(Problem) -> String {
        var parameters: [String: QueryParameters.Value] = [:]
        for (key, value) in values {
            switch value {
            case let .string(text): parameters[key] = .string(text)
            case let .integer(number): parameters[key] = .number(String(number))
            case let .number(number): parameters[key] = .number(String(number))
            case let .bool(flag): parameters[key] = .bool(flag)
            case .null: parameters[key] = .null
            case .array, .object:
                throw Problem(
                    status: .badRequest, code: "INVALID_QUERY_PARAMETER",
                    detail: "the value of \(key) must be a string, number, boolean or null", field: "\(field).\(key)")
            }
        }
        do {
            return try QueryParameters.substitute(sql, parameters)
        } catch {
            throw Problem(
                status: .badRequest, code: "INVALID_QUERY_PARAMETER", detail: error.message,
                field: error.parameter.map { "\(field).\($0)" } ?? field)
        }
    }

    static func cron(_ value: JSONValue?, field: String) throws(Problem) -> String {
        guard let text = value?.stringValue else {
            throw Problem.badRequest("\(field) is required (a cron string such as '30 * * * *')", field: field)
        }
        do {
            _ = try CronExpression(text)
        } catch {
            throw Problem(status: .badRequest, code: "INVALID_CRON", detail: error.message, field: field)
        }
        return text
    }

    /// An ISO 8601 UTC timestamp (`2020-01-08T12:30:00.000Z`, fractions optional) as epoch milliseconds.
    static func date(_ value: JSONValue?, field: String) throws(Problem) -> Int64? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, let millis = QueryTime.parse(text) else {
            throw Problem.badRequest(
                "\(field) must be an ISO 8601 UTC timestamp such as 2020-01-08T12:30:00Z", field: field)
        }
        return millis
    }
}

/// AEP's timestamps: ISO 8601 in UTC with milliseconds.
enum QueryTime {
    static func format(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1_000))
    }

    static func parse(_ text: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1_000).rounded()) }
        return nil
    }
}
