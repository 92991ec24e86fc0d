import Foundation
import Hummingbird
import Lake

/// `/data/foundation/import`: AEP Batch Ingestion. Create a batch, upload its files, then complete or
/// abort it; completion (parsing, validation, Parquet encoding) runs on the blocking thread pool.
struct IngestRoutes<Context: RequestContext>: Sendable {
    let lake: LakeAccess
    let maxJSONBytes: Int
    let maxUploadBytes: Int

    func register(on group: RouterGroup<Context>) {
        group.post("batches", use: createBatch)
        group.put("batches/:batchId/datasets/:datasetId/files/:fileName", use: uploadFile)
        group.post("batches/:batchId", use: act)
    }

    @Sendable func createBatch(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.decodeJSON(BatchCreationRequest.self, limit: maxJSONBytes)
        let sandbox = request.sandbox
        let batch = try await lake.run { lake throws(LakeError) in
            try lake.createBatch(
                sandbox: sandbox, datasetId: body.datasetId, format: body.format, clientBatchKey: body.clientBatchKey,
                maxErrorPercent: body.maxErrorPercent)
        }
        return try JSONResponse.make(BatchResource(batch), status: .created)
    }

    @Sendable func uploadFile(_ request: Request, context: Context) async throws -> Response {
        let batchId = try context.parameters.require("batchId")
        let datasetId = try context.parameters.require("datasetId")
        let fileName = try context.parameters.require("fileName")
        guard !fileName.isEmpty, fileName != ".", fileName != "..", !fileName.contains("/") else {
            throw Problem.badRequest("invalid file name '\(fileName)'", field: "fileName")
        }
        let sandbox = request.sandbox
        let batch = try await lake.run { lake throws(LakeError) in try lake.batch(id: batchId) }
        guard batch.sandbox == sandbox else { throw Problem.notFound("batch '\(batchId)' not found") }
        guard batch.datasetId == datasetId else {
            throw Problem.badRequest("batch '\(batchId)' belongs to dataset '\(batch.datasetId)'", field: "datasetId")
        }
        let spool = UploadSpool(directory: lake.lake.layout.uploadsRoot, limit: maxUploadBytes)
        let upload = try await spool.spool(request.body)
        defer { _ = try? FileManager.default.removeItem(atPath: upload.path) }
        try await lake.run { lake throws(LakeError) in
            try lake.addFile(batchId: batchId, name: fileName, copyingFrom: upload.path)
        }
        return Response(status: .ok)
    }

    @Sendable func act(_ request: Request, context: Context) async throws -> Response {
        let batchId = try context.parameters.require("batchId")
        let action = request.uri.queryParameters["action"].map { $0.uppercased() }
        let sandbox = request.sandbox
        let existing = try await lake.run { lake throws(LakeError) in try lake.batch(id: batchId) }
        guard existing.sandbox == sandbox else { throw Problem.notFound("batch '\(batchId)' not found") }
        switch action {
        case "COMPLETE":
            let batch: Batch
            do {
                batch = try await lake.runIngest { lake throws(LakeError) in
                    // The threshold given at creation (partialIngestionPercentage) is stored with the batch.
                    try lake.completeBatch(batchId: batchId)
                }
            } catch let error as LakeError where error.code == .ingestionFailed {
                // The batch is recorded as failed with its errors: report it like any finished batch.
                batch = try await lake.run { lake throws(LakeError) in try lake.batch(id: batchId) }
            }
            return try JSONResponse.make(BatchResource(batch))
        case "ABORT":
            let batch = try await lake.run { lake throws(LakeError) in try lake.abortBatch(batchId: batchId) }
            return try JSONResponse.make(BatchResource(batch))
        default:
            throw Problem.badRequest("'action' must be COMPLETE or ABORT", field: "action")
        }
    }
}
