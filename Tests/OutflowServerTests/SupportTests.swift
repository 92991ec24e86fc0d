import Testing

@testable import OutflowServer

@Suite("Server support")
struct SupportTests {
    @Test(
        "API keys compare equal only when identical",
        arguments: [
            ("abc", "abc", true), ("abc", "abd", false), ("abc", "ab", false), ("", "", true), ("abc", "", false),
        ])
    func constantTimeEqual(a: String, b: String, equal: Bool) {
        #expect(APIKeyMiddleware<OutflowApplication.Context>.constantTimeEqual(Array(a.utf8), Array(b.utf8)) == equal)
    }

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
}
