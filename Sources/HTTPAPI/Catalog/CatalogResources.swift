import Lake
import Parquet
import QueryService

/// A dataset as the Catalog API shows it (AEP field names plus Outflow's additions).
struct DatasetResource: Encodable {
    struct SchemaRef: Encodable {
        var id: String
        var contentType: String
    }

    var id: String
    var name: String
    var description: String?
    var sandbox: String
    var schemaRef: SchemaRef
    var labels: [String]
    var created: Int64
    var updated: Int64
    var rowCount: Int64
    var sizeBytes: Int64
    var batchCount: Int
    /// How a derived dataset was made (CREATE TABLE AS): its SQL, the Query Service query and who ran it.
    var lineage: Lineage?

    struct Lineage: Encodable {
        var sql: String
        var queryId: String?
        var createdBy: String?
        var created: Int64
    }

    init(_ dataset: Dataset, lineage: DatasetLineage?) {
        self.init(dataset)
        self.lineage = lineage.map {
            Lineage(sql: $0.sql, queryId: $0.queryId, createdBy: $0.createdBy, created: $0.created)
        }
    }

    init(_ dataset: Dataset) {
        id = dataset.id
        name = dataset.name
        description = dataset.description
        sandbox = dataset.sandbox
        schemaRef = SchemaRef(id: dataset.schemaId, contentType: "application/vnd.outflow.schema+json; version=1")
        labels = dataset.labels
        created = dataset.created
        updated = dataset.updated
        rowCount = dataset.rowCount
        sizeBytes = dataset.sizeBytes
        batchCount = dataset.batchCount
    }
}

/// A batch as the Catalog and Batch Ingestion APIs show it: AEP's `relatedObjects`, `inputFormat` and
/// `metrics`, plus the lake's sequence, files and record errors.
struct BatchResource: Encodable {
    struct RelatedObject: Encodable {
        var type: String
        var id: String
    }

    struct InputFormat: Encodable {
        var format: String
    }

    struct Metrics: Encodable {
        var recordsWritten: Int64
        var failedRecordCount: Int64
    }

    var id: String
    var status: String
    var sandbox: String
    var relatedObjects: [RelatedObject]
    var inputFormat: InputFormat
    var metrics: Metrics
    var sequence: Int64?
    var files: [String]
    var inputFiles: [String]
    var errors: [RecordError]
    var errorSummary: String?
    var clientBatchKey: String?
    var created: Int64
    var completed: Int64?

    init(_ batch: Batch) {
        id = batch.id
        status = batch.status.rawValue
        sandbox = batch.sandbox
        relatedObjects = [RelatedObject(type: "dataSet", id: batch.datasetId)]
        inputFormat = InputFormat(format: batch.format.rawValue)
        metrics = Metrics(recordsWritten: batch.rowCount, failedRecordCount: batch.failedRecordCount)
        sequence = batch.sequence
        files = batch.files
        inputFiles = batch.inputFiles
        errors = batch.errors
        errorSummary = batch.errorSummary
        clientBatchKey = batch.clientBatchKey
        created = batch.created
        completed = batch.completed
    }
}
