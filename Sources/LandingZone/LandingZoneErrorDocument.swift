/// The Blob service's error body: `<Error><Code>..</Code><Message>..</Message></Error>`.
struct LandingZoneErrorDocument: LandingZoneXMLOutput, Sendable, Hashable {
    static let rootElement = "Error"

    var code: String
    var message: String

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case message = "Message"
    }

    init(_ error: LandingZoneError) {
        code = error.code
        message = error.message
    }
}
