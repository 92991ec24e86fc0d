/// Evaluates data usage policies for one use of datasets (an export flow to a destination that performs
/// `actions`). Pure: the datasets' labels and the policies are handed in, so the same decision is taken at flow
/// creation, at every run (labels may have changed) and in the UI before the user continues.
public struct PolicyEvaluator: Sendable {
    public var policies: [DataUsagePolicy]

    public init(policies: [DataUsagePolicy]) {
        self.policies = policies
    }

    /// The decision for `datasets` used for `actions`: every violated enabled policy, and for `dropFields`
    /// policies the fields to leave out (a label on the dataset itself cannot be dropped: that is a refusal).
    public func evaluate(_ datasets: [LabelledDataset], actions: Set<MarketingAction>) -> PolicyDecision {
        var decision = PolicyDecision()
        for dataset in datasets {
            var dropped: Set<String> = []
            for policy in policies where policy.status == .enabled {
                let actions = policy.marketingActionRefs.filter(actions.contains)
                guard let action = actions.min() else { continue }
                let remaining = Self.labels(of: dataset, without: dropped)
                let reasons = policy.deny.reasons(remaining)
                guard !reasons.isEmpty else { continue }
                let fields = dataset.fields.filter {
                    !dropped.contains($0.path) && !$0.labels.isDisjoint(with: reasons)
                }
                var violation = PolicyViolation(
                    policyId: policy.id, policyName: policy.name, datasetId: dataset.datasetId,
                    datasetName: dataset.name, marketingAction: action, labels: reasons.sorted(),
                    fields: fields.map(\.path), onDataset: !dataset.labels.isDisjoint(with: reasons),
                    resolution: .refused)
                if policy.enforcement == .dropFields {
                    let after = dropped.union(fields.map(\.path))
                    if !policy.deny.matches(Self.labels(of: dataset, without: after)) {
                        dropped = after
                        violation.resolution = .fieldsDropped
                    }
                }
                decision.violations.append(violation)
            }
            if !dropped.isEmpty { decision.droppedFields[dataset.datasetId] = dropped.sorted() }
        }
        return decision
    }

    static func labels(of dataset: LabelledDataset, without dropped: Set<String>) -> Set<DataUsageLabel> {
        dataset.fields.reduce(into: dataset.labels) { labels, field in
            if !dropped.contains(field.path) { labels.formUnion(field.labels) }
        }
    }
}

/// What a policy evaluation decided.
public struct PolicyDecision: Sendable, Hashable {
    public var violations: [PolicyViolation] = []
    /// Per dataset id, the field paths a `dropFields` policy leaves out of the delivery.
    public var droppedFields: [String: [String]] = [:]

    /// True when nothing is refused (violations resolved by dropping fields do not stop the export).
    public var allowed: Bool { violations.allSatisfy { $0.resolution == .fieldsDropped } }

    /// The refusals, for an error: `policy 'No C2 to third parties' forbids exportToThirdParty of dataset
    /// 'profiles': field person.email carries C2`.
    public var refusals: [PolicyViolation] { violations.filter { $0.resolution == .refused } }
}

/// One policy a use of a dataset breaks: which labels, on which fields (or on the dataset itself).
public struct PolicyViolation: Sendable, Hashable, Codable {
    public enum Resolution: String, Sendable, Hashable, Codable {
        case refused, fieldsDropped
    }

    public var policyId: String
    public var policyName: String
    public var datasetId: String
    public var datasetName: String
    public var marketingAction: MarketingAction
    public var labels: [DataUsageLabel]
    /// The fields that carry the labels (their paths).
    public var fields: [String]
    /// Whether one of the labels is on the dataset itself.
    public var onDataset: Bool
    public var resolution: Resolution

    /// A sentence naming the policy, the action, the dataset, the fields and the labels.
    public var message: String {
        let labelList = labels.map(\.name).joined(separator: ", ")
        var carriers = fields.map { "field \($0)" }
        if onDataset { carriers.insert("the dataset", at: 0) }
        let subject = carriers.isEmpty ? "its data" : carriers.joined(separator: ", ")
        let verb = resolution == .fieldsDropped ? "leaves out" : "forbids"
        let object =
            resolution == .fieldsDropped
            ? "\(subject) (\(labelList)) when \(marketingAction) uses dataset '\(datasetName)'"
            : "\(marketingAction) of dataset '\(datasetName)': \(subject) carries \(labelList)"
        return "policy '\(policyName)' \(verb) \(object)"
    }
}
