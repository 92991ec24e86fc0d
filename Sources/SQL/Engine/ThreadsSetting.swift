#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SessionSettings {
    /// The most workers a statement may run (`SET threads` beyond is `22023`).
    public static let maxThreads = 64

    /// The processors online (`sysconf`), at least 1 and at most `maxThreads`: the default of `threads`, as
    /// Swift's cooperative pool sizes itself (one thread per core).
    public static let defaultThreads: Int = min(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), maxThreads)

    /// `SET threads = n`: a whole number from 1 to `maxThreads` (`22023` otherwise).
    static func threads(_ values: [SettingValue]) throws(SQLError) -> Int {
        guard values.count == 1 else { throw SQLError(.invalidParameterValue, "SET threads takes only one argument") }
        let text: String
        switch values[0] {
        case let .string(string): text = string
        case let .number(number): text = number
        }
        guard let threads = Int(text) else {
            throw SQLError(
                .invalidParameterValue, "invalid value for parameter \"threads\": \"\(text)\"",
                hint: "Valid values are whole numbers from 1 to \(maxThreads).")
        }
        guard (1...maxThreads).contains(threads) else {
            throw SQLError(
                .invalidParameterValue,
                "\(threads) is outside the valid range for parameter \"threads\" (1 .. \(maxThreads))")
        }
        return threads
    }
}
