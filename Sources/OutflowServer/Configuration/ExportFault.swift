public import Destinations
public import Exports

/// A test hook that breaks exports on purpose (`OUTFLOW_EXPORT_FAULT`, with `OUTFLOW_EXPORT_FAULT_AT`):
/// applied by the composition root through `ExportRunner`'s destination `wrap` hook, in the CLI and the server.
public enum ExportFault: Sendable, Hashable {
    /// `kill-mid-file`: SIGKILL the process after writing part of the `n`th data file (default 1).
    case killMidFile(n: Int)
    /// `kill-mid-manifest`: SIGKILL the process while writing the first manifest.
    case killMidManifest
    /// `fail-every-2nd-write`: every second commit fails with a transient error before anything is visible.
    case failEverySecondWrite
    /// `hold-mid-file`: the first data file upload pauses part-way until the file `OUTFLOW_EXPORT_FAULT_AT`
    /// (an absolute path) exists; the process stays alive and keeps the flow's lock meanwhile.
    case holdMidFile(releaseFile: String)

    /// The knob's accepted names.
    public static let names = ["kill-mid-file", "kill-mid-manifest", "fail-every-2nd-write", "hold-mid-file"]

    /// Parses the knob; nil for an unknown name (or an `at` below 1).
    public init?(name: String, at: String? = nil) {
        switch name {
        case "kill-mid-file":
            var n = 1
            if let at, !at.isEmpty {
                guard let parsed = Int(at), parsed >= 1 else { return nil }
                n = parsed
            }
            self = .killMidFile(n: n)
        case "kill-mid-manifest": self = .killMidManifest
        case "fail-every-2nd-write": self = .failEverySecondWrite
        case "hold-mid-file":
            guard let at, at.hasPrefix("/") else { return nil }
            self = .holdMidFile(releaseFile: at)
        default: return nil
        }
    }

    /// Wraps a resolved export destination so that it fails as this fault says.
    public func wrap(_ destination: any Destination) -> any Destination {
        switch self {
        case .killMidFile(let n): ProcessFaultDestination(destination, fault: .killMidFile(n: n))
        case .killMidManifest: ProcessFaultDestination(destination, fault: .killMidManifest)
        case .failEverySecondWrite: FaultInjectingDestination(destination, failEvery: 2)
        case .holdMidFile(let releaseFile): PausingDestination(destination, releaseFile: releaseFile)
        }
    }
}

extension Optional where Wrapped == ExportFault {
    /// The `ExportRunner` wrap hook for this (possibly absent) fault.
    public var destinationWrapper: ExportRunner.DestinationWrapper {
        guard let fault = self else { return { $0 } }
        return { fault.wrap($0) }
    }
}
