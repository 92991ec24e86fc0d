import Foundation
import Hummingbird
import Lake
import Testing

@testable import HTTPAPI
@testable import OutflowServer

@Suite("Server support")
struct SupportTests {
    @Test("configuration comes from options first, then the environment, then defaults")
    func configurationResolution() {
        let env = [
            "OUTFLOW_DATA_DIR": "/env/dir", "OUTFLOW_API_KEY": "k", "OUTFLOW_FAULT": "beforeCatalogCommit",
            "OUTFLOW_PORT": "9000",
        ]
        let fromEnv = OutflowConfiguration.resolve(environment: env)
        #expect(fromEnv.dataDirectory == "/env/dir")
        #expect(fromEnv.apiKey == "k")
        #expect(fromEnv.port == 9000)
        #expect(fromEnv.faultPoint == "beforeCatalogCommit")
        let explicit = OutflowConfiguration.resolve(dataDirectory: "/opt", port: 1234, environment: env)
        #expect(explicit.dataDirectory == "/opt")
        #expect(explicit.port == 1234)
        let defaults = OutflowConfiguration.resolve(environment: ["OUTFLOW_API_KEY": ""])
        #expect(defaults.dataDirectory == "./.outflow")
        #expect(defaults.apiKey == nil)
        #expect(defaults.host == "127.0.0.1")
    }

    @Test(
        "lake errors map to stable HTTP statuses and keep their code and field",
        arguments: [
            (LakeError.Code.notFound, 404), (.alreadyExists, 409), (.conflict, 409), (.batchNotLoading, 409),
            (.invalidSchema, 400), (.invalidInput, 400), (.ingestionFailed, 422), (.storage, 500), (.catalog, 500),
        ]
    )
    func lakeErrorMapping(code: LakeError.Code, status: Int) {
        let problem = Problem(LakeError(code, "boom", fieldPath: "web.name", jsonPath: "fields[0]"))
        #expect(problem.statusCode == status)
        #expect(problem.code == code.rawValue)
        #expect(problem.field == "web.name")
        #expect(problem.detail == "fields[0]: boom")
        #expect(problem.type.hasSuffix(code.rawValue.lowercased().replacingOccurrences(of: "_", with: "-")))
    }

    @Test("upload files left by a dead process are removed at start, other files are kept")
    func uploadLeftovers() throws {
        let directory = TemporaryDirectory()
        let stale = directory.path + "/upload-1f.part"
        let other = directory.path + "/notes.txt"
        #expect(FileManager.default.createFile(atPath: stale, contents: Data([1])))
        #expect(FileManager.default.createFile(atPath: other, contents: Data([2])))
        UploadSpool.removeLeftovers(in: directory.path)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: other))
    }
}
