import Foundation
import Testing

@testable import SQL

/// The TZif reader and the zone rules, over the system's zone files and hand-made bytes.
@Suite struct TimeZoneTests {
    static func zone(_ name: String) throws -> SQLTimeZone {
        try ZoneInfoSource.database.zone(named: name)
    }

    static func seconds(_ y: Int64, _ m: Int64, _ d: Int64, _ h: Int64 = 0, _ mi: Int64 = 0) -> Int64 {
        DateTime.days(year: y, month: m, day: d) * 86_400 + h * 3600 + mi * 60
    }

    @Test func readsNewYorkAcrossDSTAndPastTheTable() throws {
        let zone = try Self.zone("America/New_York")
        #expect(zone.type(atUTC: Self.seconds(2024, 1, 15)).utcOffset == -5 * 3600)
        #expect(zone.type(atUTC: Self.seconds(2024, 7, 15)).abbreviation == "EDT")
        // The footer's POSIX rule answers far past the last transition.
        #expect(zone.type(atUTC: Self.seconds(2100, 7, 15)).utcOffset == -4 * 3600)
        #expect(zone.type(atUTC: Self.seconds(2100, 12, 15)).utcOffset == -5 * 3600)
        // 02:30 on 2024-03-10 does not exist: PostgreSQL takes the offset before the change.
        #expect(zone.offset(forLocal: Self.seconds(2024, 3, 10, 2, 30)) == -5 * 3600)
        // 01:30 on 2024-11-03 happens twice: PostgreSQL takes the offset after the change.
        #expect(zone.offset(forLocal: Self.seconds(2024, 11, 3, 1, 30)) == -5 * 3600)
    }

    @Test func readsHalfHourDaylightTimeAndHistory() throws {
        let lordHowe = try Self.zone("Australia/Lord_Howe")
        #expect(lordHowe.type(atUTC: Self.seconds(2024, 1, 15)).utcOffset == 11 * 3600)
        #expect(lordHowe.type(atUTC: Self.seconds(2024, 7, 15)).utcOffset == 37_800)
        let kolkata = try Self.zone("asia/kolkata")
        #expect(kolkata.type(atUTC: Self.seconds(2024, 6, 1)).utcOffset == 19_800)
        #expect(kolkata.type(atUTC: Self.seconds(1900, 1, 1)).utcOffset != 19_800)
    }

    @Test func parsesPOSIXStringsWithPostgreSQLSigns() throws {
        let rule = try #require(POSIXTimeZoneRule.parse("EST5EDT,M3.2.0,M11.1.0"))
        #expect(rule.standard.utcOffset == -5 * 3600)
        #expect(rule.type(atUTC: Self.seconds(2030, 7, 1)).isDaylight)
        #expect(try ZoneInfoSource.database.zone(named: "UTC+3").type(atUTC: 0).utcOffset == -3 * 3600)
        #expect(try ZoneInfoSource.database.zone(named: "+02").type(atUTC: 0).utcOffset == -2 * 3600)
        #expect(try ZoneInfoSource.database.sessionZone("+02").type(atUTC: 0).utcOffset == 2 * 3600)
        #expect(POSIXTimeZoneRule.parse("EST5EDT,M13.1.0,M11.1.0") == nil)
    }

    @Test func refusesUnknownZonesAndUnsafeNames() {
        #expect(throws: SQLError.self) { try ZoneInfoSource.database.zone(named: "Mars/Olympus") }
        #expect(throws: SQLError.self) { try ZoneInfoSource.database.zone(named: "../../etc/passwd") }
        #expect(!TimeZoneDatabase.isSafeName("../etc/passwd"))
        #expect(!TimeZoneDatabase.isSafeName("/etc/localtime"))
        #expect(TimeZoneDatabase.isSafeName("America/Argentina/Buenos_Aires"))
    }

    /// A version 1 file by hand: two transitions, two types.
    static func versionOne() -> [UInt8] {
        var bytes = Array("TZif".utf8) + [0] + [UInt8](repeating: 0, count: 15)
        func be32(_ value: Int32) -> [UInt8] {
            let bits = UInt32(bitPattern: value)
            return [UInt8(bits >> 24), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
        }
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for count: Int32 in [0, 0, 0, 2, 2, 8] { bytes += be32(count) }
        bytes += be32(1000) + be32(2000)
        bytes += [1, 0]
        bytes += be32(0) + [0, 0]
        bytes += be32(3600) + [1, 4]
        bytes += Array("STD\0DST\0".utf8)
        return bytes
    }

    @Test func readsHandMadeVersionOneData() throws {
        let zone = try TZif.parse(Self.versionOne(), name: "Test/Zone")
        #expect(zone.type(atUTC: 999).utcOffset == 0)
        #expect(zone.type(atUTC: 1000).abbreviation == "DST")
        #expect(zone.type(atUTC: 2500).abbreviation == "STD")
    }

    @Test func rejectsTruncatedAndCorruptData() {
        let good = Self.versionOne()
        for length in [0, 3, 20, 44, good.count - 1] {
            #expect(throws: TZif.Failure.self) { try TZif.parse(Array(good.prefix(length)), name: "x") }
        }
        var badIndex = good
        badIndex[44 + 8] = 7
        #expect(throws: TZif.Failure.self) { try TZif.parse(badIndex, name: "x") }
        var notTZif = good
        notTZif[0] = 0x41
        #expect(throws: TZif.Failure.self) { try TZif.parse(notTZif, name: "x") }
    }

    @Test func everySystemZoneParses() throws {
        var parsed = 0
        for (_, name) in ZoneInfoSource.names where !name.hasPrefix("right/") && !name.hasPrefix("posix/") {
            guard let data = ZoneInfoSource().tzifData(named: name), data.starts(with: Array("TZif".utf8)) else {
                continue
            }
            _ = try TZif.parse(data, name: name)
            parsed += 1
        }
        #expect(parsed > 300)
    }
}
