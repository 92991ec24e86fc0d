import Columnar
import Foundation
import Journey
import Lake
import Testing

/// Reports on derived fields and on attributes of lookup and profile datasets, end to end on a small lake: the
/// engine evaluates the compiled SQL in the load query, joins the lookup and profile datasets, and the kernels
/// count the items.
struct DerivedFieldReportTests {
    typealias Event = JourneyFixture.Event

    /// Appends `rows` (text values of `fields`) as a batch of a new Record dataset `name`.
    static func addRecords(_ fixture: JourneyFixture, _ name: String, fields: [String], rows: [[String?]]) throws {
        let document = """
            {"title": "\(name)", "class": "Record", "fields": [{"name": "_id", "type": "string", "required": true},
              \(fields.map { "{\"name\": \"\($0)\", \"type\": \"string\"}" }.joined(separator: ", "))]}
            """
        let dataset = try fixture.lake.createDataset(sandbox: "prod", name: name, schemaDocument: Array(document.utf8))
        let builders = dataset.schema.fields.map { ColumnBuilder(type: $0.type) }
        for row in rows {
            try builders[0].append(.string(UUID().uuidString))
            for (value, builder) in zip(row, builders.dropFirst()) {
                try builder.append(value.map { .string($0) } ?? .null)
            }
        }
        let batch = try ColumnBatch(schema: dataset.schema, columns: builders.map { $0.finish() })
        _ = try fixture.lake.appendBatch(sandbox: "prod", datasetId: dataset.id, batches: [batch])
    }

    static func connection(stitching: Bool) -> JourneyConnection {
        var connection = JourneyFixture.connection(stitching: stitching)
        connection.dataSets += [
            ConnectionDataset(
                datasetId: "channels", type: .lookup, keyField: "code", matchingKeyField: "marketing.channel"),
            ConnectionDataset(datasetId: "profiles", type: .profile, personIdField: "crmId"),
        ]
        return connection
    }

    /// Occurrences per item of `field` (a derived field, an attribute, or an event field) under `derived`.
    static func occurrences(
        _ fixture: JourneyFixture, field: String, derived: [DerivedField] = [], stitching: Bool = true,
        metric: MetricComponent.Kind = .occurrences
    ) async throws -> [String: Double] {
        var view = JourneyFixture.dataView()
        view.dimensions = [DimensionComponent(id: "channel", name: "Item", field: field)]
        view.metrics = [MetricComponent(id: "occurrences", name: "Value", kind: metric)]
        view.derivedFields = derived
        let response = try await fixture.engine.run(
            JourneyFixture.request(["occurrences"]), dataView: view, connection: connection(stitching: stitching))
        return Dictionary(uniqueKeysWithValues: response.rows.map { ($0.value, $0.data[0]) })
    }

    static func fixture() throws -> JourneyFixture {
        let fixture = try JourneyFixture()
        try fixture.append([
            Event(ecid: "d1", minute: 0, channel: "https://shop.example/p/sku-7?cid=em_42&x=1#top"),
            Event(ecid: "d1", crmId: "A", minute: 1, channel: "email"),
            Event(ecid: "d2", minute: 2, channel: "  Paid Search "),
            Event(ecid: "d2", crmId: "B", minute: 3, channel: "social", revenue: 5),
            Event(ecid: "d3", minute: 4),
        ])
        try addRecords(
            fixture, "channels", fields: ["code", "group"],
            rows: [["email", "Owned"], ["social", "Earned"], ["social", "Earned (again)"], ["affiliate", "Paid"]])
        try addRecords(fixture, "profiles", fields: ["crmId", "tier"], rows: [["A", "Gold"], ["C", "Silver"]])
        return fixture
    }

    @Test func derivedFunctionsAreEvaluatedByTheEngine() async throws {
        let fixture = try Self.fixture()
        let channel = DerivedValue(field: "marketing.channel")
        let cases: [(DerivedFunction, [String: Double])] = [
            (
                .urlParse(input: channel, component: .host, parameter: nil),
                ["shop.example": 1, "Unspecified": 4]
            ),
            (.urlParse(input: channel, component: .protocol, parameter: nil), ["https": 1, "Unspecified": 4]),
            (.urlParse(input: channel, component: .path, parameter: nil), ["/p/sku-7": 1, "Unspecified": 4]),
            (.urlParse(input: channel, component: .queryParameter, parameter: "cid"), ["em_42": 1, "Unspecified": 4]),
            (.urlParse(input: channel, component: .hash, parameter: nil), ["top": 1, "Unspecified": 4]),
            (
                .regexReplace(input: channel, pattern: "^([a-z])[a-z]*il$", replacement: "$1-mail"),
                [
                    "https://shop.example/p/sku-7?cid=em_42&x=1#top": 1, "e-mail": 1, "  Paid Search ": 1, "social": 1,
                    "Unspecified": 1,
                ]
            ),
            (
                .lookup(input: channel, map: ["email": "Owned", "social": "Earned"], defaultValue: "Other"),
                ["Owned": 1, "Earned": 1, "Other": 3]
            ),
            (
                .split(input: channel, delimiter: "/", index: 1, fromRight: true),
                ["sku-7?cid=em_42&x=1#top": 1, "email": 1, "  Paid Search ": 1, "social": 1, "Unspecified": 1]
            ),
            (
                .split(input: channel, delimiter: "/", index: 3, fromRight: false),
                ["shop.example": 1, "Unspecified": 4]
            ),
            (
                .lowercase(input: DerivedValue(field: "derived.trimmed")),
                [
                    "paid search": 1, "email": 1, "social": 1, "https://shop.example/p/sku-7?cid=em_42&x=1#top": 1,
                    "Unspecified": 1,
                ]
            ),
            (
                .findReplace(input: channel, find: "e", replacement: "E"),
                [
                    "https://shop.ExamplE/p/sku-7?cid=Em_42&x=1#top": 1, "Email": 1, "  Paid SEarch ": 1, "social": 1,
                    "Unspecified": 1,
                ]
            ),
            (
                .concatenate(
                    values: [DerivedValue(value: "c"), channel, DerivedValue(field: "crmId")], delimiter: ":"),
                [
                    "c:https://shop.example/p/sku-7?cid=em_42&x=1#top": 1, "c:email:A": 1, "c:  Paid Search ": 1,
                    "c:social:B": 1, "c": 1,
                ]
            ),
            (
                .caseWhen(
                    rules: [
                        CaseRule(
                            conditions: [
                                CaseCondition(field: "marketing.channel", operator: .matchesRegex, value: "^https?:")
                            ],
                            result: DerivedValue(value: "Web")),
                        CaseRule(
                            conditions: [
                                CaseCondition(field: "revenue", operator: .greaterThanOrEqual, value: "5"),
                                CaseCondition(field: "crmId", operator: .equals, value: "A"),
                            ], match: .any, result: DerivedValue(field: "crmId")),
                        CaseRule(
                            conditions: [CaseCondition(field: "marketing.channel", operator: .notExists)],
                            result: DerivedValue(value: "None")),
                    ], otherwise: DerivedValue(field: "derived.trimmed")),
                ["Web": 1, "A": 1, "B": 1, "Paid Search": 1, "None": 1]
            ),
        ]
        let trimmed = DerivedField(id: "trimmed", name: "Trimmed", function: .trim(input: channel))
        for (function, expected) in cases {
            let derived = [DerivedField(id: "value", name: "Value", function: function), trimmed]
            let report = try await Self.occurrences(fixture, field: "derived.value", derived: derived)
            #expect(report == expected, "\(function)")
        }
    }

    @Test func aLookupAttributeIsJoinedOnItsMatchingKey() async throws {
        let fixture = try Self.fixture()
        // "social" has two catalog rows: one row per key, the smallest attribute, so no event is counted twice.
        let report = try await Self.occurrences(fixture, field: "channels.group")
        #expect(report == ["Owned": 1, "Earned": 1, "Unspecified": 3])
    }

    @Test func aProfileAttributeIsJoinedOnTheTransientIdWhenStitched() async throws {
        let fixture = try Self.fixture()
        let stitched = try await Self.occurrences(fixture, field: "profiles.tier")
        #expect(stitched == ["Gold": 1, "Unspecified": 4])
        // Unstitched, the profile joins on the event dataset's person id (ecid here): no profile matches.
        let unstitched = try await Self.occurrences(fixture, field: "profiles.tier", stitching: false)
        #expect(unstitched == ["Unspecified": 5])
    }

    @Test func derivedFieldsReadAttributesAndFeedMetrics() async throws {
        let fixture = try Self.fixture()
        let label = DerivedField(
            id: "label", name: "Label",
            function: .concatenate(
                values: [DerivedValue(field: "channels.group"), DerivedValue(field: "profiles.tier")], delimiter: "/"))
        let report = try await Self.occurrences(fixture, field: "derived.label", derived: [label])
        #expect(report == ["Owned/Gold": 1, "Earned": 1, "Unspecified": 3])
        let amount = DerivedField(
            id: "amount", name: "Amount",
            function: .caseWhen(
                rules: [
                    CaseRule(
                        conditions: [CaseCondition(field: "marketing.channel", operator: .equals, value: "email")],
                        result: DerivedValue(value: "2.5"))
                ], otherwise: nil))
        let sums = try await Self.occurrences(
            fixture, field: "channels.group", derived: [amount], metric: .sum(field: "derived.amount"))
        #expect(sums["Owned"] == 2.5)
    }

    @Test func breakdownsReadAttributesAndSegmentsOnDerivedFieldsAreRefused() async throws {
        let fixture = try Self.fixture()
        var view = JourneyFixture.dataView()
        view.derivedFields = [
            DerivedField(id: "low", name: "Low", function: .lowercase(input: DerivedValue(field: "marketing.channel")))
        ]
        view.dimensions += [
            DimensionComponent(id: "group", name: "Group", field: "channels.group"),
            DimensionComponent(id: "low", name: "Low", field: "derived.low"),
        ]
        let connection = Self.connection(stitching: true)
        var byGroup = JourneyFixture.request(["occurrences"])
        byGroup.dimension = "variables/group"
        let groups = try await fixture.engine.run(byGroup, dataView: view, connection: connection)
        let owned = try #require(groups.rows.first { $0.value == "Owned" }?.itemId)
        var request = JourneyFixture.request(["occurrences"])
        request.breakdowns = [Breakdown(dimension: "variables/group", itemId: owned)]
        let rows = try await fixture.engine.run(request, dataView: view, connection: connection).rows
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.value, $0.data) }) == ["email": [1]])
        request.breakdowns = nil
        request.globalFilters = [
            GlobalFilter(
                type: "segment",
                segmentDefinition: try SegmentReportTests.segment(
                    "hits", #"{"func": "exists", "val": {"func": "attr", "name": "variables/low"}}"#))
        ]
        await #expect(throws: JourneyError.self) {
            _ = try await fixture.engine.run(request, dataView: view, connection: connection)
        }
    }
}
