/// What a destination does with the data it receives (AEP's marketing actions). Policies deny labelled data to
/// actions. Every export performs `export`; a destination declares more (a third-party destination
/// `exportToThirdParty`), so "S1 never leaves" denies `S1` to `export` and "C2 may not go to a third party"
/// denies `C2` to `exportToThirdParty`.
public struct MarketingAction: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }

    public static func < (a: MarketingAction, b: MarketingAction) -> Bool { a.name < b.name }

    /// Every delivery out of Outflow.
    public static let export = MarketingAction("export")
    /// AEP's core marketing actions.
    public static let exportToThirdParty = MarketingAction("exportToThirdParty")
    public static let analytics = MarketingAction("analytics")
    public static let combineWithPII = MarketingAction("combineWithPII")
    public static let crossSiteTargeting = MarketingAction("crossSiteTargeting")
    public static let dataScience = MarketingAction("dataScience")
    public static let emailTargeting = MarketingAction("emailTargeting")
    public static let onsiteAdvertising = MarketingAction("onsiteAdvertising")
    public static let onsitePersonalization = MarketingAction("onsitePersonalization")
    public static let segmentMatch = MarketingAction("segmentMatch")

    public static let core: [MarketingAction] = [
        .export, .exportToThirdParty, .analytics, .combineWithPII, .crossSiteTargeting, .dataScience, .emailTargeting,
        .onsiteAdvertising, .onsitePersonalization, .segmentMatch,
    ]
}
