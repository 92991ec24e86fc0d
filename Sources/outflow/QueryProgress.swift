import Foundation
import Synchronization

/// A progress line on stderr for a query that runs longer than a second, when stderr is a terminal: elapsed time
/// and rows printed so far, redrawn in place and cleared at the end.
final class QueryProgress: Sendable {
    private let enabled: Bool
    private let started = Date()
    private let state = Mutex((rows: 0, drawn: false))

    init(enabled: Bool) { self.enabled = enabled }

    func add(rows: Int) { state.withLock { $0.rows += rows } }

    /// Redraws the line every half second after the first second, until cancelled.
    func tick() async {
        guard enabled else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            if Task.isCancelled { return }
            let elapsed = Date().timeIntervalSince(started)
            guard elapsed >= 1 else { continue }
            let rows = state.withLock { state -> Int in
                state.drawn = true
                return state.rows
            }
            let line = "\rquery running: \(String(format: "%.1f", elapsed)) s, \(rows) rows"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Erases the line if one was drawn.
    func clear() {
        let drawn = state.withLock { state -> Bool in
            defer { state.drawn = false }
            return state.drawn
        }
        if enabled, drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
