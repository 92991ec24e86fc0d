/// A data usage policy in AEP's Policy Service shape: when data whose labels match `deny` would be used for one of
/// `marketingActionRefs`, the use is refused — or, with `enforcement` `dropFields`, the fields that carry the
/// offending labels are left out of the delivery (an Outflow extension; the manifest records them).
public struct DataUsagePolicy: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case enabled = "ENABLED"
        case disabled = "DISABLED"
        case draft = "DRAFT"
    }

    public enum Enforcement: String, Sendable, Hashable, Codable {
        /// The export is refused (at creation and at every run), naming the fields and labels.
        case deny
        /// The export runs without the fields that carry the labels; refused if a label is on the dataset itself.
        case dropFields
    }

    public var id: String
    public var name: String
    public var description: String?
    public var status: Status
    public var marketingActionRefs: [MarketingAction]
    public var deny: PolicyExpression
    public var enforcement: Enforcement

    public init(
        id: String, name: String, description: String? = nil, status: Status = .enabled,
        marketingActionRefs: [MarketingAction], deny: PolicyExpression, enforcement: Enforcement = .deny
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.status = status
        self.marketingActionRefs = marketingActionRefs
        self.deny = deny
        self.enforcement = enforcement
    }
}
