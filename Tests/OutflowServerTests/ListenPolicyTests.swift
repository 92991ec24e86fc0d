import OutflowServer
import Testing

/// "No key, no network": the pure decision `outflow serve` takes before it binds anything. No test here opens a
/// socket; the addresses are only parsed.
@Suite("Listen policy")
struct ListenPolicyTests {
    @Test(
        "loopback addresses are 127.0.0.0/8, ::1 in any spelling and localhost",
        arguments: [
            "127.0.0.1", "127.1.2.3", "127.255.255.255", "localhost", "LOCALHOST", "::1", "[::1]",
            "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1",
        ])
    func loopback(host: String) {
        #expect(ListenPolicy.isLoopback(host))
    }

    @Test(
        "everything else is not loopback",
        arguments: [
            "0.0.0.0", "::", "[::]", "10.0.0.1", "192.168.1.10", "169.254.169.254", "128.0.0.1", "126.255.255.255",
            "::2", "::ffff:10.0.0.1", "fe80::1", "example.com", "localhost.example.com", "localhost.", "127.1",
            "127.0.0.1.",
            "", " 127.0.0.1", "127.0.0.256", "my-host",
        ])
    func notLoopback(host: String) {
        #expect(!ListenPolicy.isLoopback(host))
    }

    @Test("without an API key a non-loopback address is refused, naming the address and the ways out")
    func refusedWithoutKey() {
        #expect(throws: ListenPolicy.Refusal(host: "0.0.0.0")) {
            try ListenPolicy.check(host: "0.0.0.0", apiKey: nil, insecureNoAuth: false)
        }
        #expect(throws: ListenPolicy.Refusal(host: "::")) {
            try ListenPolicy.check(host: "::", apiKey: "", insecureNoAuth: false)
        }
        let message = ListenPolicy.Refusal(host: "0.0.0.0").description
        for part in ["'0.0.0.0'", "OUTFLOW_API_KEY", "--insecure-no-auth", "127.0.0.1"] {
            #expect(message.contains(part))
        }
    }

    @Test("a key, a loopback address or --insecure-no-auth each allow listening")
    func allowed() throws {
        try ListenPolicy.check(host: "0.0.0.0", apiKey: "secret", insecureNoAuth: false)
        try ListenPolicy.check(host: "127.0.0.1", apiKey: nil, insecureNoAuth: false)
        try ListenPolicy.check(host: "localhost", apiKey: nil, insecureNoAuth: false)
        try ListenPolicy.check(host: "0.0.0.0", apiKey: nil, insecureNoAuth: true)
    }

    @Test("the configuration's defaults pass: 127.0.0.1 without a key, insecure mode off")
    func defaults() throws {
        let configuration = OutflowConfiguration.resolve(environment: [:])
        #expect(!configuration.insecureNoAuth)
        try ListenPolicy.check(configuration)
        var exposed = configuration
        exposed.host = "0.0.0.0"
        #expect(throws: ListenPolicy.Refusal.self) { try ListenPolicy.check(exposed) }
    }
}
