/// Per-batch options given at creation that the lake does not store (`partialIngestionPercentage`),
/// kept until the batch completes. Lost on restart: completion then uses the server default.
actor BatchSettings {
    private var maxErrorPercent: [String: Double] = [:]

    func setMaxErrorPercent(_ percent: Double, for batchId: String) {
        maxErrorPercent[batchId] = percent
    }

    func maxErrorPercent(for batchId: String) -> Double? {
        maxErrorPercent[batchId]
    }

    func forget(_ batchId: String) {
        maxErrorPercent[batchId] = nil
    }
}
