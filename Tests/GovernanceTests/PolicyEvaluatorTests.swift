import Foundation
import Governance
import Testing

struct PolicyEvaluatorTests {
    static func label(_ name: String) throws -> DataUsageLabel {
        try #require(DataUsageLabel(name))
    }

    static func profiles() throws -> LabelledDataset {
        LabelledDataset(
            datasetId: "ds1", name: "profiles", labels: [],
            fields: [
                .init(path: "person.email", labels: [try label("C2"), try label("I1")]),
                .init(path: "person.loyalty", labels: []),
                .init(path: "person.health", labels: [try label("S1")]),
            ])
    }

    static func policy(
        _ id: String, _ actions: [MarketingAction], deny: PolicyExpression,
        enforcement: DataUsagePolicy.Enforcement = .deny
    ) -> DataUsagePolicy {
        DataUsagePolicy(id: id, name: id, marketingActionRefs: actions, deny: deny, enforcement: enforcement)
    }

    @Test func aLabelledFieldToAThirdPartyIsRefusedNamingFieldAndLabel() throws {
        let evaluator = PolicyEvaluator(policies: [
            Self.policy("no-c2-third-party", [.exportToThirdParty], deny: .label(try Self.label("C2")))
        ])
        let thirdParty = evaluator.evaluate([try Self.profiles()], actions: [.export, .exportToThirdParty])
        #expect(!thirdParty.allowed)
        let violation = try #require(thirdParty.refusals.first)
        #expect(violation.fields == ["person.email"] && violation.labels.map(\.name) == ["C2"])
        #expect(
            violation.message
                == "policy 'no-c2-third-party' forbids exportToThirdParty of dataset 'profiles': field person.email carries C2"
        )
        // The same data to a first-party destination breaks nothing.
        #expect(evaluator.evaluate([try Self.profiles()], actions: [.export]).allowed)
    }

    @Test func andNeedsEveryLabelAndOrAnyOfThem() throws {
        let (c2, s1, c5) = (try Self.label("C2"), try Self.label("S1"), try Self.label("C5"))
        let both = PolicyExpression.and([.label(c2), .label(s1)])
        #expect(both.matches([c2, s1]) && !both.matches([c2]))
        #expect(both.reasons([c2, s1, c5]) == [c2, s1])
        let either = PolicyExpression.or([.label(c5), .label(s1)])
        #expect(either.reasons([c2, s1]) == [s1])
        #expect(PolicyExpression.and([either, .label(c2)]).reasons([c2, s1]) == [c2, s1])
    }

    @Test func dropFieldsLeavesOutTheCarriersButNotADatasetLabel() throws {
        let evaluator = PolicyEvaluator(policies: [
            Self.policy("s1-never-leaves", [.export], deny: .label(try Self.label("S1")), enforcement: .dropFields)
        ])
        var data = try Self.profiles()
        let decision = evaluator.evaluate([data], actions: [.export])
        #expect(decision.allowed)
        #expect(decision.droppedFields == ["ds1": ["person.health"]])
        #expect(decision.violations.first?.resolution == .fieldsDropped)
        data.labels = [try Self.label("S1")]
        let onDataset = evaluator.evaluate([data], actions: [.export])
        #expect(!onDataset.allowed && onDataset.refusals.first?.onDataset == true)
        #expect(onDataset.droppedFields.isEmpty)
    }

    @Test func disabledPoliciesAndOtherActionsDoNotApply() throws {
        var policy = Self.policy("p", [.emailTargeting], deny: .label(try Self.label("C2")))
        #expect(PolicyEvaluator(policies: [policy]).evaluate([try Self.profiles()], actions: [.export]).allowed)
        policy.marketingActionRefs = [.export]
        policy.status = .disabled
        #expect(PolicyEvaluator(policies: [policy]).evaluate([try Self.profiles()], actions: [.export]).allowed)
    }

    @Test func labelsAreCoreOrWellFormedCustomNames() {
        #expect(DataUsageLabel("C12")?.category == .contract)
        #expect(DataUsageLabel("I3")?.category == .identity && DataUsageLabel("S3")?.category == .sensitive)
        #expect(DataUsageLabel("partnerOnly")?.category == .custom)
        for bad in ["C13", "S4", "", "1abc", "has space", String(repeating: "x", count: 65)] {
            #expect(DataUsageLabel(bad) == nil, "\(bad)")
        }
    }

    @Test func policiesRoundTripInThePolicyServicesShape() throws {
        let json = """
            {"id": "p1", "name": "No C1 and C3 for email", "status": "ENABLED",
             "marketingActionRefs": ["emailTargeting"], "enforcement": "deny",
             "deny": {"operator": "AND", "operands": [{"label": "C1"}, {"label": "C3"}]}}
            """
        let policy = try JSONDecoder().decode(DataUsagePolicy.self, from: Data(json.utf8))
        #expect(policy.deny == .and([.label(try Self.label("C1")), .label(try Self.label("C3"))]))
        let again = try JSONDecoder().decode(DataUsagePolicy.self, from: JSONEncoder().encode(policy))
        #expect(again == policy)
        let bad = #"{"operator": "XOR", "operands": [{"label": "C1"}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PolicyExpression.self, from: Data(bad.utf8)) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyExpression.self, from: Data(#"{"label": "C99"}"#.utf8))
        }
    }
}
