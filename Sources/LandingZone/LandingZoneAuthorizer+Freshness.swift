import Foundation

extension LandingZoneAuthorizer {
    /// How far a SharedKey request's date may be from the server's clock, either side (Azure's 15 minutes).
    static let maxClockSkew: TimeInterval = 15 * 60

    /// Refuses a SharedKey request whose `x-ms-date` (or `Date` when that is absent; both are signed) is missing,
    /// not an RFC 1123 date, or more than `maxClockSkew` from `now`, so a captured request stops working after the
    /// window instead of replaying forever. Pure.
    static func checkFreshness(_ request: LandingZoneRequest, now: Date) throws(LandingZoneError) {
        guard let text = request.header("x-ms-date") ?? request.header("Date") else {
            throw .authenticationFailed("A SharedKey request must carry an x-ms-date or Date header.")
        }
        guard let seconds = LandingZoneHTTPDate.parse(text) else {
            throw .authenticationFailed("The request date '\(text)' is not an RFC 1123 date.")
        }
        guard abs(Double(seconds) - now.timeIntervalSince1970) <= maxClockSkew else {
            throw .authenticationFailed(
                "The request date '\(text)' is more than 15 minutes away from the server time "
                    + "'\(LandingZoneHTTPDate.rfc1123(epochSeconds: Int64(now.timeIntervalSince1970)))'.")
        }
    }
}
