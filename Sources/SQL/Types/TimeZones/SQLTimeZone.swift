/// One local time type of a zone: its offset east of UTC in seconds, whether it is daylight time, its
/// abbreviation (`EST`, `+0530`).
struct ZoneType: Sendable, Hashable {
    var utcOffset: Int32
    var isDaylight: Bool
    var abbreviation: String
}

/// A time zone as PostgreSQL uses it: an IANA zone read from TZif data, a POSIX TZ string (`UTC+3`) or a fixed
/// offset. Converts UTC instants to local time and local wall-clock times back to UTC the way PostgreSQL's
/// `DetermineTimeZoneOffset` does (times in a DST gap take the offset before the change; ambiguous times in
/// an overlap take the offset after it).
public struct SQLTimeZone: Sendable, Hashable {
    /// The name as given (`America/New_York`, `UTC+3`).
    public let name: String
    /// UTC seconds of each transition, ascending, and the index into `types` in force from it.
    let transitions: [Int64]
    let transitionTypes: [Int]
    let types: [ZoneType]
    /// Rules for instants after the last transition (the TZif footer), or the whole zone for a POSIX string.
    let rule: POSIXTimeZoneRule?

    public static let utc = SQLTimeZone(
        name: "UTC", transitions: [], transitionTypes: [],
        types: [ZoneType(utcOffset: 0, isDaylight: false, abbreviation: "UTC")], rule: nil)

    init(name: String, transitions: [Int64], transitionTypes: [Int], types: [ZoneType], rule: POSIXTimeZoneRule?) {
        self.name = name
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types
        self.rule = rule
    }

    /// A zone of one fixed offset (east-positive seconds), abbreviated as PostgreSQL prints offsets.
    static func fixed(name: String, offset: Int32, abbreviation: String? = nil) -> SQLTimeZone {
        SQLTimeZone(
            name: name, transitions: [], transitionTypes: [],
            types: [
                ZoneType(
                    utcOffset: offset, isDaylight: false, abbreviation: abbreviation ?? DateTime.offsetText(offset))
            ],
            rule: nil)
    }

    static func posix(name: String, _ rule: POSIXTimeZoneRule) -> SQLTimeZone {
        SQLTimeZone(name: name, transitions: [], transitionTypes: [], types: [rule.standard], rule: rule)
    }

    /// The local time type at `utc` seconds.
    func type(atUTC utc: Int64) -> ZoneType {
        if let last = transitions.last, utc >= last, let rule { return rule.type(atUTC: utc) }
        if transitions.isEmpty {
            if let rule { return rule.type(atUTC: utc) }
            return types.first ?? SQLTimeZone.utc.types[0]
        }
        guard utc >= transitions[0] else { return types[0] }
        var low = 0
        var high = transitions.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if transitions[middle] <= utc { low = middle } else { high = middle - 1 }
        }
        return types[transitionTypes[low]]
    }

    /// The offset (east-positive seconds) at a UTC instant in microseconds.
    func offset(atUTCMicros micros: Int64) -> Int32 {
        type(atUTC: DateTime.floorDiv(micros, 1_000_000).0).utcOffset
    }

    /// The first change of offset after `utc` seconds: (offset before, instant, offset after).
    func nextChange(after utc: Int64) -> (before: Int32, at: Int64, after: Int32)? {
        if !transitions.isEmpty, utc < transitions[transitions.count - 1] {
            var low = 0
            var high = transitions.count - 1
            while low < high {
                let middle = (low + high) / 2
                if transitions[middle] > utc { high = middle } else { low = middle + 1 }
            }
            var index = low
            while index < transitions.count {
                let before = index == 0 ? types[0] : types[transitionTypes[index - 1]]
                let after = types[transitionTypes[index]]
                if before.utcOffset != after.utcOffset {
                    return (before.utcOffset, transitions[index], after.utcOffset)
                }
                index += 1
            }
        }
        guard let rule, rule.daylight != nil else { return nil }
        let start = max(utc, transitions.last ?? Int64.min)
        let year = DateTime.civil(DateTime.floorDiv(start, 86_400).0).year
        for candidate in [year - 1, year, year + 1] {
            for (instant, before, after) in rule.transitions(in: candidate) where instant > start {
                if let last = transitions.last, instant <= last { continue }
                return (before.utcOffset, instant, after.utcOffset)
            }
        }
        return nil
    }

    /// The offset (east-positive seconds) of a local wall-clock time given as seconds since the epoch read as
    /// UTC (PostgreSQL's `DetermineTimeZoneOffsetInternal`).
    func offset(forLocal local: Int64) -> Int32 {
        let previous = local - 86_400
        guard let change = nextChange(after: previous) else { return type(atUTC: previous).utcOffset }
        let before = change.before
        let after = change.after
        let beforeTime = local - Int64(before)
        let afterTime = local - Int64(after)
        if beforeTime < change.at, afterTime < change.at { return before }
        if beforeTime > change.at, afterTime >= change.at { return after }
        return beforeTime > afterTime ? before : after
    }

    /// UTC microseconds of a local wall-clock time in microseconds.
    func utc(fromLocalMicros local: Int64) -> Int64 {
        let seconds = DateTime.floorDiv(local, 1_000_000).0
        return local - Int64(offset(forLocal: seconds)) * 1_000_000
    }

    /// Local wall-clock microseconds of a UTC instant.
    func local(fromUTCMicros utc: Int64) -> Int64 {
        utc + Int64(offset(atUTCMicros: utc)) * 1_000_000
    }

    public static func == (a: SQLTimeZone, b: SQLTimeZone) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
