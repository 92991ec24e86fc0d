/// UTC calendar formatting of epoch seconds, without Foundation calendars.
enum ExportTime {
    struct Parts {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    static func parts(_ epochSeconds: Int64) -> Parts {
        let days = Int(epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400)
        let secondOfDay = Int(epochSeconds - Int64(days) * 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Parts(
            year: year, month: month, day: day, hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60,
            second: secondOfDay % 60)
    }

    /// `YYYYMMDDHHMM`, AEP's `exportTime=` folder value.
    static func exportTime(_ epochSeconds: Int64) -> String {
        format(epochSeconds, pattern: "YYYYMMddHHmm")
    }

    /// Replaces `YYYY`, `MM`, `dd`, `HH`, `mm`, `ss` in `pattern` (other characters are kept).
    static func format(_ epochSeconds: Int64, pattern: String) -> String {
        let p = parts(epochSeconds)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let tokens: [(String, String)] = [
            ("YYYY", pad(p.year, 4)), ("MM", pad(p.month, 2)), ("dd", pad(p.day, 2)), ("HH", pad(p.hour, 2)),
            ("mm", pad(p.minute, 2)), ("ss", pad(p.second, 2)),
        ]
        var out = ""
        var rest = Substring(pattern)
        outer: while !rest.isEmpty {
            for (token, value) in tokens where rest.hasPrefix(token) {
                out += value
                rest = rest.dropFirst(token.count)
                continue outer
            }
            out.append(rest.removeFirst())
        }
        return out
    }
}
