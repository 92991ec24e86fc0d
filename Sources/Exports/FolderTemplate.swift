/// Expands `foldernameTemplate` macros: `%DATASET_ID%`, `%DATASET_NAME%`, `%DESTINATION%`,
/// `%DESTINATION_ID%`, `%SANDBOX_NAME%`, `%FLOW_ID%`, `%RUN_ID%`, `%EXPORT_TIME%` (YYYYMMDDHHMM) and
/// `%DATETIME(pattern)%` (tokens YYYY MM dd HH mm ss), all in UTC at the run's scheduled time.
public struct FolderTemplate: Sendable, Hashable {
    /// The default layout: `<datasetId>/exportTime=YYYYMMDDHHMM`.
    public static let defaultTemplate = "%DATASET_ID%/exportTime=%EXPORT_TIME%"

    public struct Context: Sendable, Hashable {
        public var datasetId: String
        public var datasetName: String
        public var destination: String
        public var destinationId: String
        public var sandbox: String
        public var flowId: String
        public var runId: String
        public var scheduledTime: Int64

        public init(
            datasetId: String, datasetName: String, destination: String, destinationId: String, sandbox: String,
            flowId: String, runId: String, scheduledTime: Int64
        ) {
            self.datasetId = datasetId
            self.datasetName = datasetName
            self.destination = destination
            self.destinationId = destinationId
            self.sandbox = sandbox
            self.flowId = flowId
            self.runId = runId
            self.scheduledTime = scheduledTime
        }
    }

    public let template: String

    /// Throws `.invalidField` (`scheduleParams.foldernameTemplate`) for an unknown or unclosed macro.
    public init(_ template: String?) throws(ExportsError) {
        let text = template ?? Self.defaultTemplate
        self.template = text
        let sample = Context(
            datasetId: "d", datasetName: "n", destination: "x", destinationId: "i", sandbox: "s", flowId: "f",
            runId: "r", scheduledTime: 0)
        _ = try expand(sample)
    }

    /// The folder for one dataset of one run.
    public func expand(_ context: Context) throws(ExportsError) -> String {
        let field = "scheduleParams.foldernameTemplate"
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "%") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "%") else {
                throw ExportsError.invalid(field, "unclosed macro in '\(template)'")
            }
            let name = String(rest[afterOpen..<close])
            out += try value(of: name, context, field: field)
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        let segments = out.split(separator: "/", omittingEmptySubsequences: true)
        guard !segments.isEmpty, !segments.contains(".."), !segments.contains(".") else {
            throw ExportsError.invalid(field, "template '\(template)' expands to an invalid folder '\(out)'")
        }
        return segments.joined(separator: "/")
    }

    private func value(of macro: String, _ c: Context, field: String) throws(ExportsError) -> String {
        switch macro {
        case "DATASET_ID": return c.datasetId
        case "DATASET_NAME": return c.datasetName
        case "DESTINATION": return c.destination
        case "DESTINATION_ID": return c.destinationId
        case "SANDBOX_NAME": return c.sandbox
        case "FLOW_ID": return c.flowId
        case "RUN_ID": return c.runId
        case "EXPORT_TIME": return ExportTime.exportTime(c.scheduledTime)
        default:
            if macro.hasPrefix("DATETIME(") && macro.hasSuffix(")") {
                return ExportTime.format(c.scheduledTime, pattern: String(macro.dropFirst(9).dropLast()))
            }
            throw ExportsError.invalid(field, "unknown macro %\(macro)%")
        }
    }
}
