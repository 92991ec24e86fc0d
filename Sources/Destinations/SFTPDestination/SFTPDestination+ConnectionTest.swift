import SFTP

extension SFTPDestination {
    /// Connects (`connect`), checks the host key (`hostKey`), logs in (`auth`), then writes, lists and deletes a
    /// probe file under `<remotePath>/.outflow-probe/`; the report names the first step that failed.
    public func testConnection() async -> ConnectionTestReport {
        do throws(SFTPConnection.OpenFailure) {
            _ = try await cacheConnection()
        } catch {
            let steps: [ConnectionTestReport.Step] = [.connect, .hostKey, .auth]
            let failed: ConnectionTestReport.Step =
                switch error.step {
                case .connect: .connect
                case .hostKey: .hostKey
                case .auth, .session: .auth
                }
            let passed = Array(steps.prefix { $0 != failed })
            return ConnectionTestReport(passed: passed, failedStep: failed, error: DestinationError(error.error))
        }
        return await probeWriteListDelete(passed: [.connect, .hostKey, .auth], explainWrite: Self.explainWrite)
    }

    private static func explainWrite(_ error: DestinationError) -> DestinationError {
        guard error.code == .permission else { return error }
        var explained = error
        explained.message += "; check that the user may create files and folders under remotePath"
        return explained
    }
}
