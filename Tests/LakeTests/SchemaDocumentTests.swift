import Columnar
import OutflowTestSupport
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct SchemaDocumentTests {
    @Test func experienceEventGetsIdAndTimestampAtTheFront() throws {
        let document = try SchemaDocument.parse(Fixtures.bytes(Fixtures.clickstreamSchema))
        let names = document.schema.fields.map(\.name)
        #expect(names == ["_id", "timestamp", "identityMap", "web", "productListItems", "personalEmail"])
        #expect(document.schema.fields[0] == Field("_id", .string, nullable: false))
        #expect(document.schema.fields[1] == Field("timestamp", .timestamp, nullable: false))
    }

    @Test func nestedTypesMapToColumnarTypes() throws {
        let schema = try SchemaDocument.parse(Fixtures.bytes(Fixtures.clickstreamSchema)).schema
        let identity = DataType.struct([
            Field("id", .string, nullable: false), Field("authenticatedState", .string), Field("primary", .boolean),
        ])
        #expect(
            schema.field(atPath: "identityMap")?.type
                == .map(
                    key: Field("key", .string, nullable: false),
                    value: Field("value", .list(Field("element", identity)), nullable: true)))
        #expect(schema.field(atPath: "web.webPageDetails.name")?.type == .string)
        guard case let .list(element)? = schema.field(atPath: "productListItems")?.type,
            case let .struct(items) = element.type
        else {
            Issue.record("productListItems is not a list of structs")
            return
        }
        #expect(items[1].type == .decimal(precision: 18, scale: 2))
    }

    @Test func labelsAndIdentityLandInMetadataAndAreCollected() throws {
        let document = try SchemaDocument.parse(Fixtures.bytes(Fixtures.clickstreamSchema))
        let email = document.schema.field(atPath: "personalEmail")
        #expect(email?.metadata["labels"] == "I1,C2")
        #expect(email?.metadata["identity"] == "Email")
        #expect(document.allLabels == ["C1", "C2", "I1"])
    }

    @Test func normalizedDocumentParsesBackToTheSameSchema() throws {
        let document = try SchemaDocument.parse(Fixtures.bytes(Fixtures.clickstreamSchema))
        let again = try SchemaDocument.parse(Fixtures.bytes(document.normalizedJSON))
        #expect(again.schema == document.schema)
        #expect(again.title == document.title)
        #expect(again.normalizedJSON == document.normalizedJSON)
    }

    @Test func typeAliasesAreAccepted() throws {
        let text = """
            {"title": "t", "class": "Record", "fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "long"},
             {"name": "c", "type": "double"}, {"name": "d", "type": "number"}]}
            """
        let schema = try SchemaDocument.parse(Fixtures.bytes(text)).schema
        #expect(schema.fields.map(\.type) == [.string, .int32, .int64, .float64, .float64])
    }

    @Test(
        "invalid documents name the JSON path and field path",
        arguments: [
            (
                #"{"title":"t","fields":[{"name":"a","type":"string"},{"name":"b","type":"string"},{"name":"c","type":"string"},{"name":"web","type":"struct","fields":[{"name":"x","type":"varchar"}]}]}"#,
                "fields[3].fields[0].type", "web.x"
            ),
            (#"{"title":"t","fields":[{"name":"1abc","type":"string"}]}"#, "fields[0].name", "1abc"),
            (
                #"{"title":"t","fields":[{"name":"a","type":"string"},{"name":"a","type":"int32"}]}"#, "fields[1].name",
                "a"
            ),
            (
                #"{"title":"t","fields":[{"name":"p","type":"decimal","precision":40,"scale":2}]}"#,
                "fields[0].precision", "p"
            ),
            (
                #"{"title":"t","fields":[{"name":"p","type":"decimal","precision":5,"scale":6}]}"#, "fields[0].scale",
                "p"
            ),
            (#"{"title":"t","fields":[{"name":"s","type":"struct"}]}"#, "fields[0].fields", "s"),
            (#"{"title":"t","fields":[{"name":"l","type":"array"}]}"#, "fields[0].items", "l"),
            (#"{"title":"t","fields":[{"name":"m","type":"map"}]}"#, "fields[0].values", "m"),
            (#"{"title":"t","fields":[{"name":"e","type":"string","labels":["c1"]}]}"#, "fields[0].labels[0]", "e"),
            (
                #"{"title":"t","fields":[{"name":"l","type":"array","items":{"type":"struct","fields":[{"name":"q","type":"nope"}]}}]}"#,
                "fields[0].items.fields[0].type", "l[].q"
            ),
            (
                #"{"title":"t","class":"ExperienceEvent","fields":[{"name":"timestamp","type":"string"}]}"#,
                "fields[0].type", "timestamp"
            ),
        ])
    func invalidDocumentsNameTheirPaths(document: String, jsonPath: String, fieldPath: String) {
        do {
            _ = try SchemaDocument.parse(Fixtures.bytes(document))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidSchema)
            #expect(error.jsonPath == jsonPath)
            #expect(error.fieldPath == fieldPath)
        }
    }

    @Test(
        "document-level errors",
        arguments: [
            (#"{"fields":[]}"#, "title"),
            (#"{"title":"t","class":"Profile","fields":[{"name":"a","type":"string"}]}"#, "class"),
            (#"{"title":"t"}"#, "fields"),
            (#"{"title":"t","fields":[{"name":"a","type":"string","required":"yes"}]}"#, "fields[0].required"),
            (#"{"title":"t","fields":[{"type":"string"}]}"#, "fields[0].name"),
        ])
    func documentLevelErrors(document: String, jsonPath: String) {
        do {
            _ = try SchemaDocument.parse(Fixtures.bytes(document))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidSchema)
            #expect(error.jsonPath == jsonPath)
        }
    }

    @Test func malformedJSONIsAnInvalidSchema() {
        #expect(throws: LakeError.self) { try SchemaDocument.parse(Fixtures.bytes("{\"title\": ")) }
    }
}
