import Columnar
import Lake
import Storage
import Testing

@testable import Demo
@testable import HTTPAPI
@testable import OutflowServer

@Suite("Demo schemas")
struct DemoSchemaTests {
    @Test("each demo schema document parses to exactly the Columnar schema the generator builds", arguments: [0, 1, 2])
    func documentMatchesColumnarSchema(index: Int) throws {
        let directory = TemporaryDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let demo = DemoSchemas.all[index]
        let dataset = try lake.createDataset(
            sandbox: "prod", name: demo.name, schemaDocument: Array(demo.document.utf8))
        #expect(dataset.schema.fields == demo.schema.fields)
    }

    @Test("demo datasets carry the labels of their fields")
    func labels() throws {
        let directory = TemporaryDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let profiles = DemoSchemas.all[1]
        let dataset = try lake.createDataset(
            sandbox: "prod", name: profiles.name, schemaDocument: Array(profiles.document.utf8))
        #expect(dataset.labels == ["C2", "I1", "I2"])
    }
}
