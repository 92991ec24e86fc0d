public import Destinations

/// Which staged uploads at a destination belong to one run of one dataset (pure): those in the run's folder
/// whose final name is one of the run's part names (`part-NNNNN-<uuid of (run, dataset)>.<ext>`) or its
/// manifest (`manifest-<destinationId>-<runId>.json`). Committed objects never appear in
/// `Destination.stagedUploads(prefix:)`, and other runs' names never match, so sweeping these is safe.
public enum StagingLeftovers {
    /// The uploads of `uploads` that the run `runId` left for `datasetId` in `folder`.
    public static func owned(
        _ uploads: [StagedUpload], folder: String, runId: String, datasetId: String, destinationId: String
    ) -> [StagedUpload] {
        let uuid = OutputFormat.partUUID(runId: runId, datasetId: datasetId)
        let manifest = ExportManifest.fileName(destinationId: destinationId, runId: runId)
        return uploads.filter { upload in
            let slash = upload.path.lastIndex(of: "/")
            let parent = slash.map { String(upload.path[..<$0]) } ?? ""
            let name = slash.map { String(upload.path[upload.path.index(after: $0)...]) } ?? upload.path
            return parent == folder && (name == manifest || isPart(name, uuid: uuid))
        }
    }

    /// `part-<digits>-<uuid>.<anything>`.
    static func isPart(_ name: String, uuid: String) -> Bool {
        guard name.hasPrefix("part-") else { return false }
        let rest = name.dropFirst("part-".count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        return rest.dropFirst(digits.count).hasPrefix("-" + uuid + ".")
    }
}
