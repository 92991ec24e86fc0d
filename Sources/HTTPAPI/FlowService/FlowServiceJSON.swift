import Exports
import Foundation

/// Reads AEP request bodies (`[String: Any]` from `JSONSerialization`), naming the field on every failure.
enum FlowServiceJSON {
    static func string(_ object: [String: Any], _ key: String, field: String? = nil) throws(Problem) -> String {
        guard let value = object[key] as? String, !value.isEmpty else {
            throw Problem.badRequest("'\(field ?? key)' (a non-empty string) is required", field: field ?? key)
        }
        return value
    }

    static func object(_ object: [String: Any], _ key: String, field: String? = nil) throws(Problem) -> [String: Any] {
        guard let value = object[key] as? [String: Any] else {
            throw Problem.badRequest("'\(field ?? key)' (an object) is required", field: field ?? key)
        }
        return value
    }

    /// Target `params` beside the file options (`bucketName`, `container`, `remotePath` ...): strings only.
    static func locationParams(_ params: [String: Any]) throws(Problem) -> [String: String] {
        let fileOptions: Set<String> = ["path", "datasetFileType", "compression", "includeManifest", "maxFileSizeMiB"]
        var result: [String: String] = [:]
        for (key, value) in params where !fileOptions.contains(key) {
            guard let text = value as? String else {
                throw Problem.badRequest("'params.\(key)' must be a string", field: "params.\(key)")
            }
            result[key] = text
        }
        return result
    }

    /// `{"connectionSpec": {"id": ...}}` style references.
    static func reference(_ object: [String: Any], _ key: String) throws(Problem) -> String {
        try string(try self.object(object, key), "id", field: key + ".id")
    }

    /// An integer given as a JSON number or a numeric string (AEP sends epoch seconds either way).
    static func int64(_ value: Any?, field: String) throws(Problem) -> Int64? {
        switch value {
        case nil, is NSNull: return nil
        case let text as String:
            guard let number = Int64(text) else {
                throw Problem.badRequest("'\(field)' must be an integer", field: field)
            }
            return number
        case let number as NSNumber:
            guard number.doubleValue == Double(number.int64Value) else {
                throw Problem.badRequest("'\(field)' must be an integer", field: field)
            }
            return number.int64Value
        default:
            throw Problem.badRequest("'\(field)' must be an integer", field: field)
        }
    }

    /// An enum in its API spelling; `ExportsError.invalidField` names the field and the allowed values.
    static func enumeration<E: RawRepresentable & CaseIterable>(
        _ object: [String: Any], _ key: String, as type: E.Type, field: String, default fallback: E? = nil
    ) throws(Problem) -> E where E.RawValue == String {
        guard let raw = object[key] else {
            if let fallback { return fallback }
            throw Problem.badRequest("'\(field)' is required", field: field)
        }
        guard let text = raw as? String else { throw Problem.badRequest("'\(field)' must be a string", field: field) }
        do {
            return try ExportValidator.parse(text, as: type, field: field)
        } catch {
            throw Problem(error)
        }
    }

    /// `scheduleParams` of a flow.
    static func schedule(_ object: [String: Any]) throws(Problem) -> ScheduleParams {
        let exportMode = try enumeration(
            object, "exportMode", as: ExportMode.self, field: "scheduleParams.exportMode")
        let timeUnit = try enumeration(object, "timeUnit", as: TimeUnit.self, field: "scheduleParams.timeUnit")
        guard let interval = try int64(object["interval"], field: "scheduleParams.interval") else {
            throw Problem.badRequest("'scheduleParams.interval' is required", field: "scheduleParams.interval")
        }
        guard let startTime = try int64(object["startTime"], field: "scheduleParams.startTime") else {
            throw Problem.badRequest("'scheduleParams.startTime' is required", field: "scheduleParams.startTime")
        }
        let endTime = try int64(object["endTime"], field: "scheduleParams.endTime")
        guard let intervalValue = Int(exactly: interval) else {
            throw Problem.badRequest("'scheduleParams.interval' is out of range", field: "scheduleParams.interval")
        }
        let schedule = ScheduleParams(
            exportMode: exportMode, timeUnit: timeUnit, interval: intervalValue, startTime: startTime,
            endTime: endTime, foldernameTemplate: object["foldernameTemplate"] as? String)
        do {
            try ExportValidator.validate(schedule)
        } catch {
            throw Problem(error)
        }
        return schedule
    }

    /// The JSON object of an `Encodable` value (for JSON Patch on the API shape).
    static func jsonObject(_ value: some Encodable) -> [String: Any] {
        guard let data = try? JSONEncoder().encode(value),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }

    /// Applies RFC 6902 `replace`/`add`/`remove` operations on object paths such as `/scheduleParams/interval`.
    static func applyPatch(_ operations: [Any], to document: [String: Any]) throws(Problem) -> [String: Any] {
        var document = document
        for (index, element) in operations.enumerated() {
            guard let operation = element as? [String: Any], let op = operation["op"] as? String,
                let path = operation["path"] as? String, path.hasPrefix("/")
            else {
                throw Problem.badRequest("operation \(index) needs 'op' and a '/path'", field: "[\(index)]")
            }
            let keys = path.dropFirst().split(separator: "/").map(String.init)
            guard !keys.isEmpty, ["add", "replace", "remove"].contains(op) else {
                throw Problem.badRequest("unsupported patch operation '\(op)' on '\(path)'", field: "[\(index)].op")
            }
            document = set(document, keys: keys[...], value: op == "remove" ? nil : operation["value"])
        }
        return document
    }

    private static func set(_ object: [String: Any], keys: ArraySlice<String>, value: Any?) -> [String: Any] {
        var object = object
        guard let key = keys.first else { return object }
        if keys.count == 1 {
            object[key] = value
        } else {
            object[key] = set(object[key] as? [String: Any] ?? [:], keys: keys.dropFirst(), value: value)
        }
        return object
    }
}
