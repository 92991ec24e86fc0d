public import Destinations
public import Lake

/// Request validation with errors naming the field (`.invalidField`, or `.notFound` for unknown datasets).
public enum ExportValidator {
    /// Hour intervals: AEP's API documents list 3, 6, 8, 12 and its UI 3, 6, 8, 9, 12; both are accepted.
    public static let hourIntervals: Set<Int> = [3, 6, 8, 9, 12]

    /// Parses an enum from its API spelling, naming `field` and the allowed values on failure.
    public static func parse<E: RawRepresentable & CaseIterable>(_ raw: String, as: E.Type, field: String)
        throws(ExportsError) -> E where E.RawValue == String
    {
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw ExportsError.invalid(field, "'\(raw)' is not one of \(allowed)")
        }
        return value
    }

    /// Checks a schedule; `onDemandAllowed` admits the CLI's on-demand window (`ScheduleParams.isOnDemand`), which
    /// the API refuses.
    public static func validate(_ schedule: ScheduleParams, onDemandAllowed: Bool = false) throws(ExportsError) {
        switch schedule.timeUnit {
        case .day:
            if schedule.interval == 0 {
                guard schedule.exportMode == .dailyFullExport else {
                    throw ExportsError.invalid(
                        "scheduleParams.interval", "interval 0 (one-time) is only valid with DAILY_FULL_EXPORT")
                }
            } else if schedule.interval < 1 || schedule.interval > 366 {
                throw ExportsError.invalid("scheduleParams.interval", "day interval must be 0 (one-time) or 1...366")
            }
        case .hour:
            guard hourIntervals.contains(schedule.interval) else {
                throw ExportsError.invalid(
                    "scheduleParams.interval", "hour interval \(schedule.interval) is not one of 3, 6, 8, 9, 12")
            }
        }
        guard schedule.startTime >= 0 else {
            throw ExportsError.invalid("scheduleParams.startTime", "startTime must be epoch seconds >= 0")
        }
        if let end = schedule.endTime, end <= schedule.startTime, !(onDemandAllowed && schedule.isOnDemand) {
            throw ExportsError.invalid("scheduleParams.endTime", "endTime must be after startTime")
        }
        _ = try FolderTemplate(schedule.foldernameTemplate)
    }

    /// Checks format, compression and size, and the path: an absolute folder for the local-folder spec, a
    /// relative folder (or empty) for every other destination.
    public static func validate(_ target: TargetConnection, connectionSpecId: String) throws(ExportsError) {
        try validateFormat(target)
        let absolute = connectionSpecId.lowercased() == ConnectionSpecCatalog.localFolder
        let path = absolute && target.path.hasPrefix("/") ? String(target.path.dropFirst()) : target.path
        if absolute && (!target.path.hasPrefix("/") || path.isEmpty) {
            throw ExportsError.invalid("params.path", "the local folder path must be absolute")
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let valid =
            path.isEmpty || (!path.hasPrefix("/") && segments.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." })
        guard valid else {
            throw ExportsError.invalid(
                "params.path",
                absolute
                    ? "path must not contain '..' or empty segments"
                    : "path must be relative to the destination, without '..'")
        }
    }

    /// Checks a local-folder `params.path` against the export roots (`OUTFLOW_EXPORT_ROOTS`): `.invalidField` on
    /// `params.path` when it lies inside the data directory or outside every root. Lexical only: links below the
    /// root are refused when the destination writes.
    public static func validate(localFolderPath path: String, policy: LocalFolderPolicy) throws(ExportsError) {
        do throws(DestinationError) {
            _ = try policy.locate(path)
        } catch {
            throw ExportsError(.invalidField, error.message, field: "params.path", underlying: error)
        }
    }

    /// Checks file type, compression and `maxFileSizeMiB`.
    public static func validateFormat(_ target: TargetConnection) throws(ExportsError) {
        if target.datasetFileType == .json && target.compression == .snappy {
            throw ExportsError.invalid("params.compression", "SNAPPY is only available for PARQUET; use GZIP or ZSTD")
        }
        guard (1...5_000).contains(target.maxFileSizeMiB) else {
            throw ExportsError.invalid("params.maxFileSizeMiB", "maxFileSizeMiB must be within 1...5000")
        }
    }

    /// Checks the spec exists and every required credential is present.
    public static func validate(_ connection: BaseConnection) throws(ExportsError) {
        guard let spec = ConnectionSpecCatalog.spec(id: connection.connectionSpecId) else {
            throw ExportsError.invalid(
                "connectionSpec.id", "unknown connection spec '\(connection.connectionSpecId)'")
        }
        for parameter in spec.authSpec where parameter.required {
            guard let value = connection.authParams[parameter.name], !value.isEmpty else {
                throw ExportsError.invalid("auth.params.\(parameter.name)", "missing credential '\(parameter.name)'")
            }
        }
    }

    /// Checks the source names at least one dataset and that each exists in the sandbox.
    public static func validate(_ source: SourceConnection, lake: Lake) throws(ExportsError) {
        guard !source.datasetIds.isEmpty else {
            throw ExportsError.invalid("params.datasets", "name at least one dataset")
        }
        for (index, id) in source.datasetIds.enumerated() {
            do {
                _ = try lake.dataset(sandbox: source.sandbox, idOrName: id)
            } catch {
                throw ExportsError(
                    .notFound, "dataset '\(id)' does not exist in sandbox '\(source.sandbox)'",
                    field: "params.datasets[\(index)].id")
            }
        }
    }
}

extension ExportValidator {
    /// Checks a backfill window: both times present, epoch seconds >= 0, `startTime < endTime`.
    public static func validate(_ window: BackfillWindow?) throws(ExportsError) {
        guard let window else { throw ExportsError.invalid("backfill", "a backfill run needs a window") }
        guard window.startTime >= 0 else {
            throw ExportsError.invalid("backfill.startTime", "startTime must be epoch seconds >= 0")
        }
        guard window.startTime < window.endTime else {
            throw ExportsError.invalid("backfill.endTime", "endTime must be after startTime")
        }
    }
}
