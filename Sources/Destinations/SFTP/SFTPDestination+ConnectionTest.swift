extension SFTPDestination {
    /// Connects (`connect`), checks the host key (`hostKey`), logs in (`auth`), then writes, lists and deletes a
    /// probe file under `<remotePath>/.outflow-probe/`; the report names the first step that failed.
    public func testConnection() async -> ConnectionTestReport {
        var passed: [ConnectionTestReport.Step] = []
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
            passed = Array(steps.prefix { $0 != failed })
            return ConnectionTestReport(passed: passed, failedStep: failed, error: error.error)
        }
        passed = [.connect, .hostKey, .auth]
        let probe = ".outflow-probe/probe-\(UInt64.random(in: 0...UInt64.max)).txt"
        do throws(DestinationError) {
            let writer = try await openWriter(path: probe)
            do throws(DestinationError) {
                try await writer.write(Array("outflow connection test\n".utf8))
                _ = try await writer.commit()
            } catch {
                await writer.abort()
                throw error
            }
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .write, error: Self.explainWrite(error))
        }
        passed.append(.write)
        do throws(DestinationError) {
            let objects = try await list(prefix: ".outflow-probe/")
            guard objects.contains(where: { $0.path == probe }) else {
                throw DestinationError(.io, "the probe file was written but is not listed", path: probe)
            }
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .list, error: error)
        }
        passed.append(.list)
        do throws(DestinationError) {
            try await delete(path: probe)
        } catch {
            return ConnectionTestReport(passed: passed, failedStep: .delete, error: error)
        }
        passed.append(.delete)
        return ConnectionTestReport(passed: passed)
    }

    private static func explainWrite(_ error: DestinationError) -> DestinationError {
        guard error.code == .permission else { return error }
        var explained = error
        explained.message += "; check that the user may create files and folders under remotePath"
        return explained
    }
}
