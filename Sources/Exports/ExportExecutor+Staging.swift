public import Destinations
import Lake
import Logging

extension ExportExecutor {
    /// The folder (destination-relative) the files of `dataset` go to in `job`'s run.
    func datasetFolder(for dataset: Dataset, job: ExportJob, template: FolderTemplate) throws(ExportsError) -> String {
        let context = FolderTemplate.Context(
            datasetId: dataset.id, datasetName: dataset.name, destination: destination.id,
            destinationId: destination.id, sandbox: job.source.sandbox, flowId: job.flow.id, runId: job.runId,
            scheduledTime: job.scheduledTime)
        let relative = try template.expand(context)
        return job.pathPrefix.isEmpty ? relative : job.pathPrefix + "/" + relative
    }

    /// Removes what earlier attempts of `job`'s run left staged at the destination (a process killed mid-upload
    /// leaves a hidden staging file or an open multipart upload): only the run's own part and manifest names in
    /// the run's folder of each dataset (`StagingLeftovers`), never committed objects or other runs' uploads.
    /// Returns what it discarded. A sweep never fails a run: errors are logged and the sweep moves on.
    public func sweepStaging(_ job: ExportJob) async -> [StagedUpload] {
        guard let template = try? FolderTemplate(job.flow.scheduleParams.foldernameTemplate) else { return [] }
        var discarded: [StagedUpload] = []
        let lake = self.lake
        let sandbox = job.source.sandbox
        for name in job.source.datasetIds {
            guard let dataset = try? await BlockingIO.run({ try lake.dataset(sandbox: sandbox, idOrName: name) }),
                let folder = try? datasetFolder(for: dataset, job: job, template: template)
            else { continue }
            do throws(DestinationError) {
                let staged = try await destination.stagedUploads(prefix: folder + "/")
                for upload in StagingLeftovers.owned(
                    staged, folder: folder, runId: job.runId, datasetId: dataset.id, destinationId: destination.id)
                {
                    try await destination.discard(upload)
                    discarded.append(upload)
                }
            } catch {
                logger.warning("sweeping staged uploads of run \(job.runId) in \(folder) failed: \(error.message)")
            }
        }
        if !discarded.isEmpty {
            logger.notice("discarded \(discarded.count) staged upload(s) left by run \(job.runId)")
        }
        return discarded
    }
}
