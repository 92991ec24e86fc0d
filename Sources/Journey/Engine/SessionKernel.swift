/// Sessions over events grouped by person and in time order: a session ends after more than the timeout without
/// an event. An event exactly `timeoutMicros` after the previous one stays in the same session (CJA starts a new
/// visit only after the inactivity period has passed); one a microsecond later starts a new session. An event
/// matching a `newSessionOn` rule starts a new session too (unless it is already the first of one).
enum SessionKernel {
    /// Session numbers per sorted event, dense from 0 in order; `personStarts` delimits the persons.
    static func sessions(
        time: [Int64], startsSession: [Bool], personStarts: [Int], timeoutMicros: Int64
    ) -> (session: [Int32], count: Int) {
        var session = [Int32](repeating: 0, count: time.count)
        var next: Int32 = -1
        for person in 0..<(personStarts.count - 1) {
            let range = personStarts[person]..<personStarts[person + 1]
            var previous = Int64.min
            for index in range {
                let gapExceeded = index == range.lowerBound || time[index] - previous > timeoutMicros
                if gapExceeded || (!startsSession.isEmpty && startsSession[index]) { next += 1 }
                session[index] = next
                previous = time[index]
            }
        }
        return (session, Int(next + 1))
    }
}
