import Exports
import Foundation

/// Reads the fields of AEP request bodies (JSON objects decoded as `JSONValue`), naming the field on every
/// failure.
enum FlowServiceJSON {
    static func string(_ object: [String: JSONValue], _ key: String, field: String? = nil) throws(Problem) -> String {
        guard let value = object[key]?.stringValue, !value.isEmpty else {
            throw Problem.badRequest("'\(field ?? key)' (a non-empty string) is required", field: field ?? key)
        }
        return value
    }

    static func object(_ object: [String: JSONValue], _ key: String, field: String? = nil) throws(Problem)
        -> [String: JSONValue]
    {
        guard let value = object[key]?.objectValue else {
            throw Problem.badRequest("'\(field ?? key)' (an object) is required", field: field ?? key)
        }
        return value
    }

    /// Target `params` beside the file options (`bucketName`, `container`, `remotePath` ...): strings only.
    static func locationParams(_ params: [String: JSONValue]) throws(Problem) -> [String: String] {
        let fileOptions: Set<String> = ["path", "datasetFileType", "compression", "includeManifest", "maxFileSizeMiB"]
        var result: [String: String] = [:]
        for (key, value) in params where !fileOptions.contains(key) {
            guard let text = value.stringValue else {
                throw Problem.badRequest("'params.\(key)' must be a string", field: "params.\(key)")
            }
            result[key] = text
        }
        return result
    }

    /// `{"connectionSpec": {"id": ...}}` style references.
    static func reference(_ object: [String: JSONValue], _ key: String) throws(Problem) -> String {
        try string(try self.object(object, key), "id", field: key + ".id")
    }

    /// An integer given as a JSON number or a numeric string (AEP sends epoch seconds either way); nil when
    /// absent or null. A number must be whole (`5.0` is 5, `5.5` is refused); a bool is not a number.
    static func int64(_ value: JSONValue?, field: String) throws(Problem) -> Int64? {
        let number: Int64?
        switch value {
        case nil, .null?: return nil
        case .string(let text): number = Int64(text)
        case let value?: number = value.int64Value
        }
        guard let number else { throw Problem.badRequest("'\(field)' must be an integer", field: field) }
        return number
    }

    /// An enum in its API spelling; `ExportsError.invalidField` names the field and the allowed values.
    static func enumeration<E: RawRepresentable & CaseIterable>(
        _ object: [String: JSONValue], _ key: String, as type: E.Type, field: String, default fallback: E? = nil
    ) throws(Problem) -> E where E.RawValue == String {
        guard let raw = object[key] else {
            if let fallback { return fallback }
            throw Problem.badRequest("'\(field)' is required", field: field)
        }
        guard let text = raw.stringValue else { throw Problem.badRequest("'\(field)' must be a string", field: field) }
        do {
            return try ExportValidator.parse(text, as: type, field: field)
        } catch {
            throw Problem(error)
        }
    }

    /// `scheduleParams` of a flow. Without `exportMode` (AEP's tutorial before September 2024 sends none) an
    /// `interval` of 0 is a one-time `DAILY_FULL_EXPORT` and any other interval `FIRST_FULL_THEN_INCREMENTAL`, the
    /// only mode AEP allows with it.
    static func schedule(_ object: [String: JSONValue]) throws(Problem) -> ScheduleParams {
        let timeUnit = try enumeration(object, "timeUnit", as: TimeUnit.self, field: "scheduleParams.timeUnit")
        guard let interval = try int64(object["interval"], field: "scheduleParams.interval") else {
            throw Problem.badRequest("'scheduleParams.interval' is required", field: "scheduleParams.interval")
        }
        let exportMode = try enumeration(
            object, "exportMode", as: ExportMode.self, field: "scheduleParams.exportMode",
            default: interval == 0 ? .dailyFullExport : .firstFullThenIncremental)
        guard let startTime = try int64(object["startTime"], field: "scheduleParams.startTime") else {
            throw Problem.badRequest("'scheduleParams.startTime' is required", field: "scheduleParams.startTime")
        }
        let endTime = try int64(object["endTime"], field: "scheduleParams.endTime")
        guard let intervalValue = Int(exactly: interval) else {
            throw Problem.badRequest("'scheduleParams.interval' is out of range", field: "scheduleParams.interval")
        }
        let schedule = ScheduleParams(
            exportMode: exportMode, timeUnit: timeUnit, interval: intervalValue, startTime: startTime,
            endTime: endTime, foldernameTemplate: object["foldernameTemplate"]?.stringValue)
        do {
            try ExportValidator.validate(schedule)
        } catch {
            throw Problem(error)
        }
        return schedule
    }
}
