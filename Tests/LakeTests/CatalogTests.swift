import Columnar
import Foundation
import OutflowTestSupport
import Storage
import Testing

@testable import Lake

@Suite(.onDedicatedThreads) struct CatalogTests {
    @Test func prodSandboxExistsAndCreateSandboxIsIdempotent() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        #expect(try lake.sandboxes().map(\.name) == ["prod"])
        let first = try lake.createSandbox(name: "dev")
        let second = try lake.createSandbox(name: "dev")
        #expect(first == second)
        #expect(try lake.sandboxes().map(\.name) == ["dev", "prod"])
    }

    @Test(arguments: ["", "Prod", "a/b", "-x", "x y", "..", String(repeating: "a", count: 65)])
    func invalidSandboxNamesAreRejected(name: String) throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        #expect(throws: LakeError.self) { try lake.createSandbox(name: name) }
    }

    @Test func datasetIsFoundByIdAndByNameWithItsSchema() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let created = try lake.createDataset(
            sandbox: "prod", name: "clicks", schemaDocument: Fixtures.bytes(Fixtures.clickstreamSchema),
            description: "web events")
        #expect(LakeID.isValid(created.id))
        #expect(created.labels == ["C1", "C2", "I1"])
        let byId = try lake.dataset(sandbox: "prod", idOrName: created.id)
        let byName = try lake.dataset(sandbox: "prod", idOrName: "clicks")
        #expect(byId.id == created.id && byName.id == created.id)
        #expect(byName.description == "web events")
        #expect(byName.schema == created.schema)
        #expect(byName.schema.fields.first?.name == "_id")
        let schema = try lake.schema(sandbox: "prod", id: created.schemaId)
        #expect(schema.schemaClass == "ExperienceEvent")
        #expect(schema.title == "Web clickstream events")
        #expect(schema.schema == created.schema)
        #expect(schema.version == 1)
    }

    @Test func datasetNamesAreUniquePerSandbox() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        _ = try lake.createSandbox(name: "dev")
        _ = try lake.createDataset(sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        _ = try lake.createDataset(sandbox: "dev", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        do {
            _ = try lake.createDataset(
                sandbox: "prod", name: "orders", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
            Issue.record("expected alreadyExists")
        } catch {
            #expect(error.code == .alreadyExists)
        }
    }

    @Test func unknownThingsAreNotFound() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        #expect(throws: LakeError.self) { try lake.dataset(sandbox: "prod", idOrName: "nope") }
        #expect(throws: LakeError.self) { try lake.batch(id: "000000000000000000000000") }
        #expect(throws: LakeError.self) { try lake.datasets(sandbox: "nosuch") }
        do {
            _ = try lake.schema(sandbox: "prod", id: "abc")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func datasetsPageWithStartAndLimit() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        for index in 0..<7 {
            _ = try lake.createDataset(
                sandbox: "prod", name: "d\(index)", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        }
        let first = try lake.datasets(sandbox: "prod", start: 0, limit: 3)
        let second = try lake.datasets(sandbox: "prod", start: 3, limit: 3)
        let third = try lake.datasets(sandbox: "prod", start: 6, limit: 3)
        #expect(first.total == 7 && first.items.count == 3)
        #expect(second.items.count == 3 && third.items.count == 1)
        let names = Set((first.items + second.items + third.items).map(\.name))
        #expect(names.count == 7)
        #expect(try lake.schemas(sandbox: "prod", limit: 5).total == 7)
    }

    @Test func batchLifecycleCreateGetListAbort() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let batch = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv)
        #expect(batch.status == .loading && batch.sequence == nil)
        try lake.addFile(batchId: batch.id, name: "a.csv", contents: Array("_id\nx\n".utf8))
        #expect(try lake.batch(id: batch.id).inputFiles == ["a.csv"])
        #expect(FileManager.default.fileExists(atPath: directory.path + "/staging/\(batch.id)/a.csv"))
        let aborted = try lake.abortBatch(batchId: batch.id)
        #expect(aborted.status == .aborted && aborted.completed != nil)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/staging/\(batch.id)"))
        do {
            try lake.addFile(batchId: batch.id, name: "b.csv", contents: [])
            Issue.record("expected batchNotLoading")
        } catch {
            #expect(error.code == .batchNotLoading)
        }
        let page = try lake.batches(sandbox: "prod", datasetId: dataset.id)
        #expect(page.items.map(\.id) == [batch.id])
    }

    @Test(arguments: ["", ".hidden", "../escape", "a/b"])
    func unsafeUploadNamesAreRejected(name: String) throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let batch = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv)
        #expect(throws: LakeError.self) { try lake.addFile(batchId: batch.id, name: name, contents: []) }
    }

    @Test func clientBatchKeyReturnsTheExistingBatch() throws {
        let directory = TestDirectory()
        let lake = try Lake(dataDirectory: directory.path)
        let dataset = try lake.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let first = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv, clientBatchKey: "k1")
        let retry = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv, clientBatchKey: "k1")
        let other = try lake.createBatch(sandbox: "prod", datasetId: dataset.id, format: .csv, clientBatchKey: "k2")
        #expect(first.id == retry.id)
        #expect(other.id != first.id)
        #expect(try lake.batches(sandbox: "prod").total == 2)
    }

    @Test func twoInstancesShareOneDataDirectory() throws {
        let directory = TestDirectory()
        let server = try Lake(dataDirectory: directory.path)
        let cli = try Lake(dataDirectory: directory.path)
        let dataset = try server.createDataset(
            sandbox: "prod", name: "o", schemaDocument: Fixtures.bytes(Fixtures.flatSchema))
        let batch = try cli.createBatch(sandbox: "prod", datasetId: "o", format: .csv)
        #expect(try server.batch(id: batch.id).datasetId == dataset.id)
        // A third instance's recovery must leave the live CLI's loading batch alone.
        let third = try Lake(dataDirectory: directory.path)
        #expect(try third.batch(id: batch.id).status == .loading)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/staging/\(batch.id)"))
    }
}
