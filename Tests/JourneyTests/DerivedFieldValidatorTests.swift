import Foundation
import Journey
import Testing

/// Derived fields and lookup or profile attributes are checked when a data view is stored: every failure names the
/// derived field (`derivedFields[<id>]....`) or the component.
struct DerivedFieldValidatorTests {
    typealias Base = JourneyValidatorTests

    static let url = DerivedValue(field: "web.webPageDetails.name")

    /// A derived field `x`: Case When with one rule of one condition.
    static func when(_ condition: CaseCondition) -> DerivedField {
        DerivedField(
            id: "x", name: "X",
            function: .caseWhen(rules: [CaseRule(conditions: [condition], result: url)], otherwise: nil))
    }

    static func field(_ derived: [DerivedField], dimension: String? = nil) -> String? {
        var view = Base.view
        view.derivedFields = derived
        if let dimension { view.dimensions[0].field = dimension }
        return Base.field { () throws(JourneyError) in try Base.validator.validate(view, connection: Base.connection) }
    }

    @Test func validDerivedFieldsAndAttributesPass() {
        let derived = [
            DerivedField(
                id: "path", name: "Path", function: .urlParse(input: Self.url, component: .path, parameter: nil)),
            DerivedField(
                id: "section", name: "Section",
                function: .caseWhen(
                    rules: [
                        CaseRule(
                            conditions: [CaseCondition(field: "derived.path", operator: .matchesRegex, value: "^/p/")],
                            result: DerivedValue(field: "product_catalog.category"))
                    ], otherwise: DerivedValue(field: "customer_profiles.loyaltyTier"))),
        ]
        #expect(Self.field(derived, dimension: "derived.section") == nil)
        #expect(Self.field([], dimension: "customer_profiles.loyaltyTier") == nil)
    }

    @Test(
        arguments: [
            (
                [DerivedField(id: "a b", name: "X", function: .trim(input: url))], nil, "derivedFields[0].id"
            ),
            (
                [
                    DerivedField(id: "x", name: "X", function: .trim(input: url)),
                    DerivedField(id: "x", name: "Y", function: .trim(input: url)),
                ], nil, "derivedFields[1].id"
            ),
            (
                [DerivedField(id: "x", name: "X", function: .regexReplace(input: url, pattern: "(a", replacement: ""))],
                nil, "derivedFields[x].function.regexReplace.pattern"
            ),
            (
                // The engine refuses alternation where the match's extent matters: refused when defined.
                [
                    DerivedField(
                        id: "x", name: "X", function: .regexReplace(input: url, pattern: "a|b", replacement: ""))
                ],
                nil, "derivedFields[x].function.regexReplace.pattern"
            ),
            (
                [when(CaseCondition(field: "ecid", operator: .matchesRegex, value: "["))], nil,
                "derivedFields[x].function.caseWhen.rules[0].conditions[0].value"
            ),
            (
                [when(CaseCondition(field: "commerce.order.priceTotal", operator: .lessThan, value: "ten"))], nil,
                "derivedFields[x].function.caseWhen.rules[0].conditions[0].value"
            ),
            (
                [DerivedField(id: "x", name: "X", function: .trim(input: DerivedValue(field: "web.nope")))], nil,
                "derivedFields[x].function.trim.input.field"
            ),
            (
                [DerivedField(id: "x", name: "X", function: .trim(input: DerivedValue(field: "product_catalog.nope")))],
                nil, "derivedFields[x].function.trim.input.field"
            ),
            (
                [
                    DerivedField(id: "a", name: "A", function: .trim(input: DerivedValue(field: "derived.b"))),
                    DerivedField(id: "b", name: "B", function: .lowercase(input: DerivedValue(field: "derived.c"))),
                    DerivedField(id: "c", name: "C", function: .lowercase(input: DerivedValue(field: "derived.a"))),
                ], nil, "derivedFields[a].function"
            ),
            (
                [
                    DerivedField(
                        id: "x", name: "X", function: .split(input: url, delimiter: "/", index: 0, fromRight: nil))
                ],
                nil, "derivedFields[x].function.split.index"
            ),
            (
                [
                    DerivedField(
                        id: "x", name: "X", function: .urlParse(input: url, component: .queryParameter, parameter: nil))
                ],
                nil, "derivedFields[x].function.urlParse.parameter"
            ),
            (
                [DerivedField(id: "x", name: "X", function: .trim(input: DerivedValue(field: nil, value: nil)))], nil,
                "derivedFields[x].function.trim.input"
            ),
            (
                [when(CaseCondition(field: "marketing.channel", operator: .greaterThan, value: "1"))], nil,
                "derivedFields[x].function.caseWhen.rules[0].conditions[0].field"
            ),
            ([], "derived.nope", "dimensions[page_name].field"),
            // A lookup's attribute is named through its dataset, not bare.
            ([], "category", "dimensions[page_name].field"),
        ] as [([DerivedField], String?, String)])
    func aBadDerivedFieldNamesItself(derived: [DerivedField], dimension: String?, field: String) {
        #expect(Self.field(derived, dimension: dimension) == field)
    }

    @Test func storedViewsWithoutDerivedFieldsDecodeWithNone() throws {
        var view = Base.view
        view.derivedFields = [
            DerivedField(
                id: "x", name: "X", function: .split(input: Self.url, delimiter: "/", index: 2, fromRight: true))
        ]
        let encoded = try JSONEncoder().encode(view)
        #expect(try JSONDecoder().decode(DataView.self, from: encoded) == view)
        var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        object["derivedFields"] = nil
        let old = try JSONSerialization.data(withJSONObject: object)
        #expect(try JSONDecoder().decode(DataView.self, from: old).derivedFields.isEmpty)
    }
}
