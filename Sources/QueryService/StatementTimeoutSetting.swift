import Foundation
public import SQL

/// PostgreSQL's `statement_timeout` setting: milliseconds, or a number with a unit (`us`, `ms`, `s`, `min`, `h`,
/// `d`); 0 turns it off. Shown as PostgreSQL shows it: the largest unit that divides the value (`1500ms`, `5s`,
/// `2min`, `0`).
public enum StatementTimeoutSetting {
    static let units: [(name: String, milliseconds: Double)] = [
        ("us", 0.001), ("ms", 1), ("s", 1000), ("min", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// The value in milliseconds, or `22023` as PostgreSQL words it.
    public static func milliseconds(_ text: String) throws(SQLError) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units.sorted(by: { $0.name.count > $1.name.count }) where trimmed.hasSuffix(unit.name) {
            number = trimmed.dropLast(unit.name.count)
            scale = unit.milliseconds
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw SQLError(
                .invalidParameterValue, "invalid value for parameter \"statement_timeout\": \"\(text)\"",
                hint: "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".")
        }
        let milliseconds = (value * scale).rounded()
        guard milliseconds >= 0, milliseconds <= Double(Int32.max) else {
            throw SQLError(
                .invalidParameterValue,
                "\(milliseconds < 0 ? "-" : "")\(Int(min(abs(milliseconds), 1e15))) ms is outside the valid range for "
                    + "parameter \"statement_timeout\" (0 .. 2147483647)")
        }
        return Int(milliseconds)
    }

    /// `SHOW statement_timeout`'s text for `milliseconds`.
    public static func text(_ milliseconds: Int) -> String {
        if milliseconds == 0 { return "0" }
        for unit in units.reversed() where unit.milliseconds >= 1 {
            let size = Int(unit.milliseconds)
            if milliseconds % size == 0 { return "\(milliseconds / size)\(unit.name)" }
        }
        return "\(milliseconds)ms"
    }

    /// The engine's timeout for `milliseconds` (nil: none).
    public static func duration(_ milliseconds: Int) -> Duration? {
        milliseconds == 0 ? nil : .milliseconds(milliseconds)
    }
}
