/// The journey's outputs beside reports: replay runs with their stitched datasets and privacy deletions
/// (`StitchingService`), and full-table exports of reports (`ReportExporter`). The composition root builds it once;
/// the REST routes and the CLI share it.
public struct JourneyOutputs: Sendable {
    public let stitching: StitchingService
    public let reports: ReportExporter

    public init(stitching: StitchingService, reports: ReportExporter) {
        self.stitching = stitching
        self.reports = reports
    }
}
