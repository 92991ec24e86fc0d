import Lake

/// The body of `POST /import/batches`: `datasetId`, `inputFormat.format` (json, csv or parquet), an optional
/// `clientBatchKey` and an optional `partialIngestionPercentage` (the share of bad records tolerated, 0...100).
struct BatchCreationRequest: JSONObjectBody {
    var datasetId: String
    var format: IngestFormat
    var clientBatchKey: String?
    var maxErrorPercent: Double?

    init(object body: [String: JSONValue]) throws(Problem) {
        guard let datasetId = body["datasetId"]?.stringValue, !datasetId.isEmpty else {
            throw Problem.badRequest("'datasetId' is required", field: "datasetId")
        }
        self.datasetId = datasetId
        let formatName = body["inputFormat"]?.objectValue?["format"]?.stringValue
        guard let formatName, let format = IngestFormat(rawValue: formatName.lowercased()) else {
            throw Problem.badRequest(
                "'inputFormat.format' must be one of json, csv, parquet", field: "inputFormat.format")
        }
        self.format = format
        clientBatchKey = body["clientBatchKey"]?.stringValue
        if let value = body["partialIngestionPercentage"] {
            guard let percent = value.doubleValue, (0...100).contains(percent) else {
                throw Problem.badRequest(
                    "'partialIngestionPercentage' must be a number 0...100", field: "partialIngestionPercentage")
            }
            maxErrorPercent = percent
        }
    }
}
