import Foundation
import Testing

@testable import Journey

struct ReportWindowTests {
    @Test func timesWithoutOffsetAreInTheDataViewsZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(ReportWindow.micros("2026-01-01", zone: berlin) == 1_767_222_000_000_000)
        #expect(ReportWindow.micros("2026-01-01T00:00:00Z", zone: berlin) == 1_767_225_600_000_000)
        #expect(ReportWindow.micros("2026-01-01T01:00:00.5+01:00", zone: berlin) == 1_767_225_600_500_000)
        #expect(ReportWindow.micros("2026-13-01", zone: berlin) == nil)
    }

    @Test func literalsAreUTCWithMicroseconds() {
        #expect(ReportWindow.literal(1_767_225_600_000_042) == "TIMESTAMPTZ '2026-01-01 00:00:00.000042+00'")
        #expect(ReportWindow.literal(-1) == "TIMESTAMPTZ '1969-12-31 23:59:59.999999+00'")
    }
}
