import Synchronization

/// Where the engine reads IANA zones from: the bytes of a compiled TZif file by zone name. The SQL target has
/// no file access; the process that runs the engine gives it one (reading `/usr/share/zoneinfo`).
public protocol TimeZoneSource: Sendable {
    /// The TZif bytes of zone `name` (`Europe/Berlin`), matched case-insensitively as PostgreSQL does, or nil
    /// when there is no such zone. Names never contain `..` or start with `/` (the database checks).
    func tzifData(named name: String) -> [UInt8]?
}

/// Resolves PostgreSQL's time zone specifications to zones and caches what it parsed.
///
/// - Zone names (`America/New_York`, `utc`) through the `TimeZoneSource`.
/// - POSIX TZ strings (`UTC+3`, `+02`, `<+0530>-5:30`): the offset counts west, as PostgreSQL reads them.
/// - In `AT TIME ZONE`, `timezone()` and date/time input: PostgreSQL's default abbreviations (`EST`, `CET`, ...).
/// - In `SET TIME ZONE`: a number of hours (`-7`, `+5.5`) east of UTC.
public final class TimeZoneDatabase: Sendable {
    let source: (any TimeZoneSource)?
    private let cache = Mutex<[String: SQLTimeZone]>([:])

    public init(source: (any TimeZoneSource)?) { self.source = source }

    /// Only UTC, fixed offsets, abbreviations and POSIX strings: no IANA zones.
    public static let builtIn = TimeZoneDatabase(source: nil)

    static func notRecognized(_ name: String) -> SQLError {
        SQLError(.invalidParameterValue, "time zone \"\(name)\" not recognized")
    }

    /// PostgreSQL's default abbreviations that mean one fixed offset (hours east, in seconds).
    static let abbreviations: [String: Int32] = [
        "utc": 0, "gmt": 0, "z": 0, "zulu": 0, "ut": 0, "wet": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600, "mst": -7 * 3600,
        "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600, "akst": -9 * 3600, "akdt": -8 * 3600,
        "hst": -10 * 3600, "cet": 3600, "cest": 2 * 3600, "met": 3600, "mest": 2 * 3600, "eet": 2 * 3600,
        "eest": 3 * 3600, "west": 3600, "bst": 3600, "ist": 2 * 3600, "msk": 3 * 3600, "jst": 9 * 3600,
        "kst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600, "acst": 34_200, "acdt": 37_800,
        "awst": 8 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600, "sast": 2 * 3600,
    ]

    /// The zone for `AT TIME ZONE`, `timezone()` and zone names in input (abbreviations first).
    public func zone(named name: String) throws(SQLError) -> SQLTimeZone {
        if let offset = TimeZoneDatabase.abbreviations[name.lowercased()] {
            return SQLTimeZone.fixed(name: name.uppercased(), offset: offset, abbreviation: name.uppercased())
        }
        if let zone = try lookup(name) { return zone }
        throw TimeZoneDatabase.notRecognized(name)
    }

    /// The zone for `SET TIME ZONE` / `SET TimeZone`: a zone name, a POSIX string or hours east of UTC.
    public func sessionZone(_ value: String) throws(SQLError) -> SQLTimeZone {
        let invalid = SQLError(.invalidParameterValue, "invalid value for parameter \"TimeZone\": \"\(value)\"")
        if let hours = Double(value), hours.isFinite, value.first != "." {
            guard abs(hours) < 168 else { throw invalid }
            let seconds = Int32((hours * 3600).rounded())
            return SQLTimeZone.fixed(name: value, offset: seconds)
        }
        guard let zone = try lookup(value) else { throw invalid }
        return zone
    }

    /// An IANA zone or a POSIX TZ string, nil when neither.
    func lookup(_ name: String) throws(SQLError) -> SQLTimeZone? {
        let key = name.lowercased()
        if let cached = cache.withLock({ $0[key] }) { return cached }
        var zone: SQLTimeZone?
        if key == "utc" || key == "gmt" || key == "etc/utc" || key == "zulu" || key == "universal" {
            zone = SQLTimeZone.fixed(name: name, offset: 0, abbreviation: key == "gmt" ? "GMT" : "UTC")
        } else if let source, TimeZoneDatabase.isSafeName(name), let data = source.tzifData(named: name) {
            do {
                zone = try TZif.parse(data, name: name)
            } catch {
                throw SQLError(SQLState("F0000"), "could not read time zone file \"\(name)\": \(error)")
            }
        }
        if zone == nil, let rule = POSIXTimeZoneRule.parse(name) {
            zone = SQLTimeZone.posix(name: name, rule)
        }
        if let zone {
            cache.withLock { cache in
                if cache.count > 1000 { cache.removeAll() }
                cache[key] = zone
            }
        }
        return zone
    }

    /// Whether a name can be a relative path below the zone folder.
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 256, !name.hasPrefix("/") else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
                && $0.utf8.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                        || byte == 0x5F || byte == 0x2D || byte == 0x2B
                }
        }
    }
}
