import ArgumentParser
import Exports
import Lake
import OutflowServer

/// `outflow secrets`: the key that seals stored connection credentials.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets",
        abstract: "Manage the key that seals stored connection credentials.",
        discussion: """
            The key comes from OUTFLOW_SECRETS_KEY (base64 of 32 bytes) or OUTFLOW_SECRETS_KEY_FILE (a file with \
            32 raw bytes or their base64), else from <data>/secrets.key (generated; the weaker default). \
            See SECURITY.md.
            """,
        subcommands: [Rotate.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-encrypt every stored credential under a new key, in one transaction.",
            discussion: """
                Without --new-key-file (only with the default <data>/secrets.key): generates a new key and \
                replaces secrets.key once every credential is re-sealed. With --new-key-file PATH: uses the key in \
                PATH, or creates PATH (0600) with a new key; afterwards set OUTFLOW_SECRETS_KEY_FILE=PATH (a \
                <data>/secrets.key is removed). Stop `outflow serve` first. Exit codes: 0 ok, 1 failure (nothing \
                changed), 2 bad settings or key.
                """)

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("new-key-file"), help: "The new key's file (created with a new key when missing).")
        var newKeyFile: String?

        func run() async throws {
            let configuration = common.configuration()
            let logger = common.logger(configuration)
            let lake = try common.openLake(configuration, logger: logger)
            let services = try CLIFailure.mapping { () throws(ExportsError) in
                try OutflowServices(lake: lake, configuration: configuration, logger: logger)
            }
            let file = newKeyFile
            let rotation = try await CLIFailure.awaiting { () async throws(ExportsError) in
                try await services.rotateCredentialKey(newKeyFile: file)
            }
            print(
                "re-sealed the credentials of \(rotation.resealed) connection(s) under the key in \(rotation.keyFile)"
                    + " (fingerprint \(rotation.fingerprint)\(rotation.generated ? ", generated" : ""))")
            if rotation.reconfigure {
                print("now set \(CredentialCipher.keyFileSetting)=\(rotation.keyFile) for every outflow command")
            }
        }
    }
}
