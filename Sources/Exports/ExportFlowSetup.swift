import Destinations
import Foundation
public import Lake

/// The flow `outflow export run` creates or reuses: its ids derive from what it exports and where (sandbox,
/// dataset, destination, format, compression, mode), so running the same command again reuses the flow and
/// its watermark. Manifest and file-size options update the target connection on every run.
///
/// CLI flows are on-demand: their schedule window closes before it opens (`endTime` one second before
/// `startTime`, `ScheduleParams.isOnDemand`), so a running `outflow serve` never schedules them.
public struct ExportFlowSetup: Sendable {
    /// Where files go: an absolute local folder, or the Data Landing Zone with a relative path.
    public enum Target: Equatable, Sendable {
        case localFolder(String)
        case landingZone(String)

        /// `/abs/folder` or `dlz:` / `dlz:<relative path>`; nil for anything else.
        public init?(_ text: String) {
            if text.hasPrefix("/") {
                self = .localFolder(text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text)
            } else if text == "dlz" || text.hasPrefix("dlz:") {
                let rest = text.dropFirst(3).drop { $0 == ":" || $0 == "/" }
                self = .landingZone(String(rest.hasSuffix("/") ? rest.dropLast() : rest))
            } else {
                return nil
            }
        }

        public var connectionSpecId: String {
            switch self {
            case .localFolder: ConnectionSpecCatalog.localFolder
            case .landingZone: ConnectionSpecCatalog.dataLandingZone
            }
        }

        public var path: String {
            switch self {
            case .localFolder(let path), .landingZone(let path): path
            }
        }

        public var label: String {
            switch self {
            case .localFolder(let path): path
            case .landingZone(let path): "dlz:" + path
            }
        }
    }

    public var sandbox: String
    public var dataset: Dataset
    public var target: Target
    public var fileType: DatasetFileType
    public var compression: ExportCompression
    public var incremental: Bool
    public var includeManifest: Bool
    public var maxFileSizeMiB: Int

    /// What the command asks for; `apply(store:now:)` stores it.
    public init(
        sandbox: String, dataset: Dataset, target: Target, fileType: DatasetFileType, compression: ExportCompression,
        incremental: Bool, includeManifest: Bool, maxFileSizeMiB: Int
    ) {
        self.sandbox = sandbox
        self.dataset = dataset
        self.target = target
        self.fileType = fileType
        self.compression = compression
        self.incremental = incremental
        self.includeManifest = includeManifest
        self.maxFileSizeMiB = maxFileSizeMiB
    }

    var mode: ExportMode { incremental ? .firstFullThenIncremental : .dailyFullExport }

    /// The text the ids derive from.
    var key: String {
        [
            sandbox, dataset.id, target.connectionSpecId, target.path, fileType.rawValue, compression.rawValue,
            mode.rawValue,
        ].joined(separator: "\u{1f}")
    }

    public var flowId: String { Self.stableId("flow", key) }
    var baseConnectionId: String { Self.stableId("base", target.connectionSpecId) }
    var sourceConnectionId: String { Self.stableId("source", key) }
    var targetConnectionId: String { Self.stableId("target", key) }

    /// Validates, then stores the base, source and target connections and (when missing) the flow, in one catalog
    /// transaction; an existing flow keeps its watermark and gets the target connection's new options.
    public func apply(store: any FlowStore, now: Int64) async throws(ExportsError) -> Flow {
        let kind = target.connectionSpecId == ConnectionSpecCatalog.localFolder ? "local folder" : "Data Landing Zone"
        let base = BaseConnection(
            id: baseConnectionId, name: "outflow export (\(kind))", connectionSpecId: target.connectionSpecId,
            authSpecName: "None", authParams: [:])
        let source = SourceConnection(id: sourceConnectionId, sandbox: sandbox, datasetIds: [dataset.id])
        let targetConnection = TargetConnection(
            id: targetConnectionId, baseConnectionId: base.id, path: target.path, datasetFileType: fileType,
            compression: compression, includeManifest: includeManifest, maxFileSizeMiB: maxFileSizeMiB)
        let schedule =
            incremental
            ? ScheduleParams(exportMode: mode, timeUnit: .day, interval: 1, startTime: now, endTime: now - 1)
            : ScheduleParams(exportMode: mode, timeUnit: .day, interval: 0, startTime: now, endTime: now - 1)
        let flow = Flow(
            id: flowId,
            name: "outflow export \(dataset.name) -> \(target.label) (\(fileType.rawValue) \(compression.rawValue)"
                + (incremental ? ", incremental)" : ", full)"),
            sourceConnectionId: source.id, targetConnectionId: targetConnection.id, scheduleParams: schedule)
        return try await store.saveFlowSetup(base: base, source: source, target: targetConnection, flow: flow)
    }

    /// A UUID-shaped id from two 64-bit FNV-1a hashes of `kind` and `text` (stable across processes).
    static func stableId(_ kind: String, _ text: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in (kind + "\u{0}" + text).utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let hex = String(fnv(0xcbf2_9ce4_8422_2325), radix: 16) + "|" + String(fnv(0x8422_2325_cbf2_9ce4), radix: 16)
        let digits = hex.split(separator: "|").map { String(repeating: "0", count: 16 - $0.count) + $0 }.joined()
        let chars = Array(digits)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }
}

extension ExportFlowSetup {
    /// The absolute folder the destination's paths are relative to.
    public func rootFolder(layout: LakeLayout) -> String {
        switch target {
        case .localFolder(let path): path
        case .landingZone: layout.landingZoneRoot + "/" + LandingZoneDestination.defaultContainer
        }
    }
}
