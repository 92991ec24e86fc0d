import Foundation
import Testing

@testable import Journey

/// CJA's segment definition JSON: decoding, encoding back, refusals naming the path, and compiling against a data
/// view into leaf columns.
struct SegmentDefinitionTests {
    static func decode(_ json: String) throws -> SegmentDefinition {
        try JSONDecoder().decode(SegmentDefinition.self, from: Data(json.utf8))
    }

    static let sequence = """
        {"func": "segment", "version": [1, 0, 0], "container": {"func": "container", "context": "visitors",
         "pred": {"func": "sequence", "stream": [
           {"func": "container", "context": "hits",
            "pred": {"func": "streq", "str": "Email", "val": {"func": "attr", "name": "variables/channel"}}},
           {"func": "time-restriction", "limit": "within", "count": 2, "unit": "day"},
           {"func": "and", "preds": [
             {"func": "gt", "num": 5, "val": {"func": "metric", "name": "metrics/revenue"}},
             {"func": "not", "pred": {"func": "exists", "val": {"func": "attr", "name": "variables/channel"}}}]}]}}}
        """

    @Test func aSequenceDecodesAndEncodesBackToTheSameDefinition() throws {
        let definition = try Self.decode(Self.sequence)
        guard case let .sequence(checkpoints) = definition.container.pred else {
            Issue.record("not a sequence: \(definition.container.pred)")
            return
        }
        #expect(definition.container.context == .visitors)
        #expect(checkpoints.count == 2)
        #expect(checkpoints[1].restrictions == [TimeRestriction(limit: .within, count: 2, unit: .day)])
        let again = try JSONDecoder().decode(SegmentDefinition.self, from: JSONEncoder().encode(definition))
        #expect(again == definition)
    }

    @Test func adobeAnalyticsTotalsOfEventsAreMetrics() throws {
        let definition = try Self.decode(
            """
            {"func": "segment", "container": {"func": "container", "context": "visits", "pred": {"func": "ge",
             "num": 1, "val": {"func": "total", "evt": {"func": "event", "name": "metrics/revenue"}}}}}
            """)
        #expect(definition.container.pred == .number(.ge, .metric("metrics/revenue"), 1))
    }

    @Test(arguments: [
        (#"{"func": "container", "context": "hits", "pred": {"func": "matches", "str": "x"}}"#, "pred.func"),
        (#"{"func": "container", "context": "sessions", "pred": {"func": "and", "preds": []}}"#, "context"),
        (#"{"func": "container", "context": "hits", "pred": {"func": "or", "preds": []}}"#, "pred.preds"),
        (
            #"{"func": "container", "context": "visits", "pred": {"func": "sequence", "stream": [{"func": "exists", "val": {"func": "attr", "name": "x"}}, {"func": "time-restriction", "limit": "within", "count": 1, "unit": "month"}, {"func": "exists", "val": {"func": "attr", "name": "x"}}]}}"#,
            "pred.stream[1].unit"
        ),
    ])
    func unsupportedRulesAreRefusedAtTheirPath(container: String, path: String) throws {
        let json = #"{"func": "segment", "container": "# + container + "}"
        do {
            _ = try Self.decode(json)
            Issue.record("decoded \(json)")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(Self.path(context.codingPath) == "container." + path)
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().replacingOccurrences(
            of: ".[", with: "["
        )
        .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    @Test func compilingNamesUnknownComponentsAndCollectsLeafColumns() throws {
        var compiler = SegmentCompiler(dataView: JourneyFixture.dataView())
        let rule = try compiler.compile(try Self.decode(Self.sequence), path: "definition")
        #expect(compiler.flags.count == 2)
        #expect(compiler.metrics.map(\.id) == ["revenue"])
        guard case let .container(.visitors, .sequence(steps)) = rule else {
            Issue.record("unexpected rule \(rule)")
            return
        }
        #expect(steps[1].maxGap == 2 * 86_400_000_000)
        let unknown = try Self.decode(
            #"{"func": "segment", "container": {"func": "container", "context": "hits", "pred": {"func": "or", "preds": [{"func": "exists", "val": {"func": "attr", "name": "variables/channel"}}, {"func": "streq", "str": "x", "val": {"func": "attr", "name": "variables/page"}}]}}}"#
        )
        #expect(
            throws: JourneyError.invalid(
                "definition.container.pred.preds[1].val", "'variables/page' is not a dimension of data view 'dv_test'")
        ) { _ = try compiler.compile(unknown, path: "definition") }
        let hitsSequence = try Self.decode(Self.sequence.replacingOccurrences(of: "\"visitors\"", with: "\"hits\""))
        #expect(throws: JourneyError.self) { _ = try compiler.compile(hitsSequence, path: "definition") }
    }

    @Test func stringComparisonsAreCaseInsensitiveSQL() {
        #expect(
            SegmentCompiler.sql(.contains, field: "marketing.channel", values: ["Mail"])
                == #"coalesce(strpos(lower(CAST(("marketing")."channel" AS TEXT)), lower('Mail')) > 0, FALSE)"#)
        #expect(
            SegmentCompiler.sql(.streqIn, field: "page", values: ["a", "b'c"])
                == #"coalesce(lower(CAST("page" AS TEXT)) IN (lower('a'), lower('b''c')), FALSE)"#)
    }
}

extension SegmentDefinitionTests {
    @Test func segmentsOnLookupAndProfileAttributesAreRefusedByName() throws {
        var connection = JourneyFixture.connection(stitching: false)
        connection.dataSets.append(ConnectionDataset(datasetId: "profiles", type: .profile, personIdField: "ecid"))
        var view = JourneyFixture.dataView()
        view.dimensions.append(DimensionComponent(id: "tier", name: "Tier", field: "profiles.loyaltyTier"))
        let definition = try SegmentReportTests.segment(
            "hits", #"{"func": "streq", "str": "gold", "val": {"func": "attr", "name": "variables/tier"}}"#)
        var compiler = SegmentCompiler(dataView: view, connection: connection)
        #expect(
            throws: JourneyError.invalid(
                "definition.container.pred.val",
                "segments on lookup or profile attributes ('variables/tier') are not supported yet")
        ) {
            _ = try compiler.compile(definition, path: "definition")
        }
        // Without the connection (no attribute can be told apart), the compiler takes the field as an event field.
        var unaware = SegmentCompiler(dataView: view)
        _ = try unaware.compile(definition, path: "definition")
    }
}
