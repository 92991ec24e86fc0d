public import SQL

/// A session's settings (`SET`, `SHOW`, `RESET`): PostgreSQL's names, case-insensitive, with the values this
/// engine runs under. Settings the engine cannot honour yet refuse other values with `0A000` rather than
/// answer differently; `TimeZone` is the engine's (any IANA zone, POSIX string or offset); custom dotted names
/// (`outflow.x`) take any value.
public struct QuerySettings: Sendable {
    /// Defaults, by lower-case name.
    public static let defaults: [String: String] = [
        "timezone": "UTC", "datestyle": "ISO, MDY", "intervalstyle": "postgres", "search_path": "\"$user\", public",
        "application_name": "", "client_encoding": "UTF8", "server_encoding": "UTF8",
        "standard_conforming_strings": "on", "statement_timeout": "0", "extra_float_digits": "1",
        "integer_datetimes": "on", "server_version": "15.0", "transaction_isolation": "read committed",
        "max_identifier_length": "63", "lc_collate": "C", "lc_ctype": "C", "client_min_messages": "notice",
        "default_transaction_read_only": "off", "transaction_read_only": "off", "is_superuser": "off",
        "threads": String(SessionSettings.defaultThreads),
    ]
    /// Settings a session may only read.
    static let readOnly: Set<String> = [
        "server_version", "server_encoding", "integer_datetimes", "max_identifier_length", "lc_collate", "lc_ctype",
        "is_superuser",
    ]
    public private(set) var values: [String: String] = QuerySettings.defaults

    public init() {}

    /// The setting's value (`SHOW name`), or `42704`.
    public func value(_ name: String) throws(SQLError) -> String {
        let key = name.lowercased()
        guard let value = values[key] else {
            throw SQLError(.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
        }
        return value
    }

    /// `SET name = value` (nil: `DEFAULT`).
    public mutating func set(_ name: String, _ value: String?) throws(SQLError) {
        let key = name.lowercased()
        let custom = key.contains(".")
        guard custom || QuerySettings.defaults[key] != nil else {
            throw SQLError(.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
        }
        guard !QuerySettings.readOnly.contains(key) else {
            throw SQLError(SQLState("55P02"), "parameter \"\(key)\" cannot be changed")
        }
        guard let value else {
            if custom { values[key] = "" } else { values[key] = QuerySettings.defaults[key] }
            return
        }
        switch key {
        case "timezone":
            // Checked by the session's engine (`SQLEngine.apply`) before it gets here.
            values[key] = value
        case "datestyle":
            guard value.uppercased().contains("ISO") else {
                throw SQLError(.featureNotSupported, "DateStyle \"\(value)\" is not supported: dates print as ISO")
            }
            values[key] = "ISO, MDY"
        case "intervalstyle":
            guard value.lowercased() == "postgres" else {
                throw SQLError(.featureNotSupported, "IntervalStyle \"\(value)\" is not supported")
            }
            values[key] = "postgres"
        case "client_encoding":
            guard ["utf8", "utf-8", "unicode"].contains(value.lowercased()) else {
                throw SQLError(.featureNotSupported, "client encoding \"\(value)\" is not supported (only UTF8)")
            }
            values[key] = "UTF8"
        case "statement_timeout":
            values[key] = StatementTimeoutSetting.text(try StatementTimeoutSetting.milliseconds(value))
        case "extra_float_digits":
            guard let digits = Int(value), (-15...3).contains(digits) else {
                throw SQLError(
                    .invalidParameterValue,
                    "invalid value for parameter \"extra_float_digits\": \"\(value)\"")
            }
            values[key] = String(digits)
        default:
            values[key] = value
        }
    }

    /// Records the value in force of a setting the session's engine owns (`threads`: the process's default
    /// until `SET`), for `SHOW`.
    mutating func record(_ name: String, _ value: String) { values[name] = value }

    /// `RESET name` / `RESET ALL`.
    public mutating func reset(_ name: String) throws(SQLError) {
        if name.lowercased() == "all" {
            let custom = values.keys.filter { $0.contains(".") }
            values = QuerySettings.defaults
            for key in custom { values[key] = "" }
            return
        }
        try set(name, nil)
    }
}
