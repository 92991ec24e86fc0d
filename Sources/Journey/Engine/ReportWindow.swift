import Foundation

/// The reporting window `[start, end)` in microseconds since the epoch, from a `dateRange` global filter
/// (`start/end` in ISO 8601; a time without an offset, or a bare date, is in the data view's time zone). No date
/// range: every event.
struct ReportWindow: Sendable, Equatable {
    var start: Int64
    var end: Int64

    static let everything = ReportWindow(start: Int64.min, end: Int64.max)

    func contains(_ time: Int64) -> Bool { time >= start && time < end }

    init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    init(filters: [GlobalFilter], timeZone identifier: String) throws(JourneyError) {
        let ranges = filters.filter { $0.type == "dateRange" }
        guard let range = ranges.first else {
            self = .everything
            return
        }
        guard ranges.count == 1 else { throw .invalid("globalFilters", "more than one dateRange filter") }
        guard let zone = TimeZone(identifier: identifier) else {
            throw .invalid("timezoneDesignator", "unknown time zone '\(identifier)'")
        }
        let parts = (range.dateRange ?? "").split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.micros(String(parts[0]), zone: zone),
            let end = Self.micros(String(parts[1]), zone: zone)
        else {
            throw .invalid(
                "globalFilters.dateRange", "expected 'start/end' in ISO 8601, got '\(range.dateRange ?? "")'")
        }
        guard start < end else { throw .invalid("globalFilters.dateRange", "the range ends before it starts") }
        self.init(start: start, end: end)
    }

    /// `2024-01-01`, `2024-01-01T10:00:00`, `...T10:00:00.250`, with an optional `Z` or `±hh:mm` offset.
    static func micros(_ text: String, zone: TimeZone) -> Int64? {
        let pattern =
            #/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/#
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        let number = { (part: Substring?) in part.flatMap { Int($0) } ?? 0 }
        var components = DateComponents()
        (components.year, components.month, components.day) = (number(match.1), number(match.2), number(match.3))
        (components.hour, components.minute, components.second) = (number(match.4), number(match.5), number(match.6))
        let fraction = match.7.map { Int64(($0 + String(repeating: "0", count: 6 - $0.count))) ?? 0 } ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        if let offset = match.8 {
            guard let seconds = offsetSeconds(String(offset)), let fixed = TimeZone(secondsFromGMT: seconds) else {
                return nil
            }
            calendar.timeZone = fixed
        }
        guard let month = components.month, (1...12).contains(month), let date = calendar.date(from: components)
        else { return nil }
        return Int64((date.timeIntervalSince1970).rounded()) * 1_000_000 + fraction
    }

    private static func offsetSeconds(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let digits = text.dropFirst().filter(\.isNumber)
        guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else {
            return nil
        }
        return (text.hasPrefix("-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// `micros` as a SQL timestamptz literal in UTC.
    static func literal(_ micros: Int64) -> String {
        let seconds = micros.floorDivided(by: 1_000_000)
        let fraction = String(micros - seconds * 1_000_000)
        var style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
        style = style.dateTimeSeparator(.space)
        let text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(style).dropLast()
        return "TIMESTAMPTZ '\(text).\(String(repeating: "0", count: 6 - fraction.count) + fraction)+00'"
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
