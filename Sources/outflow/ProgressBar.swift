import Foundation
import Synchronization

/// A progress display on stderr: a redrawn bar when stderr is a terminal, otherwise a plain line at
/// every 25% step. Safe to call from any thread.
final class ProgressBar: Sendable {
    private struct State {
        var lastDrawn = -1
        var lastQuarter = 0
    }

    let label: String
    let isTerminal: Bool
    private let state = Mutex(State())

    init(label: String, isTerminal: Bool = isatty(2) == 1) {
        self.label = label
        self.isTerminal = isTerminal
    }

    /// Reports `done` of `total` units (`unit` names them, e.g. "events", "bytes").
    func update(done: Int64, total: Int64, unit: String) {
        guard total > 0 else { return }
        let permille = Int(min(1_000, done * 1_000 / total))
        let line: String? = state.withLock { state in
            if isTerminal {
                guard permille != state.lastDrawn else { return nil }
                state.lastDrawn = permille
                let width = 30
                let filled = permille * width / 1_000
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                return "\r\(label) [\(bar)] \(permille / 10)% \(done)/\(total) \(unit)"
            }
            let quarter = permille / 250
            guard quarter > state.lastQuarter else { return nil }
            state.lastQuarter = quarter
            return "\(label): \(permille / 10)% (\(done)/\(total) \(unit))\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
