import Foundation
public import HummingbirdCore
import HummingbirdTLS
import NIOPosix
public import NIOSSL

/// HTTPS for `outflow serve`: the certificate chain and private key (PEM files named by `OUTFLOW_TLS_CERT` and
/// `OUTFLOW_TLS_KEY`, or `--tls-cert` / `--tls-key`) loaded and checked at start-up, before anything is opened.
/// With both set the server speaks TLS only (HummingbirdTLS over swift-nio-ssl); with neither, plain HTTP.
public struct ServerTLS: Sendable {
    /// The HTTP/1.1-over-TLS server the application is built with.
    public let server: HTTPServerBuilder
    /// The same certificate and key for the PostgreSQL endpoint (its SSLRequest is answered `S`).
    public let context: NIOSSLContext

    /// The TLS server for `configuration`, nil when neither path is set. Throws `SettingError` when only one is
    /// set, a file cannot be read, holds no PEM certificate or key, or the key does not fit the certificate.
    public static func load(_ configuration: OutflowConfiguration) async throws(OutflowConfiguration.SettingError)
        -> ServerTLS?
    {
        let certificatePath = configuration.tlsCertificatePath
        let keyPath = configuration.tlsKeyPath
        if certificatePath == nil && keyPath == nil { return nil }
        guard let certificatePath, let keyPath else {
            throw .init(
                setting: certificatePath == nil ? "OUTFLOW_TLS_CERT" : "OUTFLOW_TLS_KEY",
                reason: "TLS needs both a certificate (OUTFLOW_TLS_CERT) and a private key (OUTFLOW_TLS_KEY)")
        }
        // File reads and OpenSSL parsing are blocking work: done on NIO's blocking pool.
        let outcome: Result<TLSConfiguration, OutflowConfiguration.SettingError>
        do {
            outcome = try await NIOThreadPool.singleton.runIfActive {
                Self.configuration(certificatePath: certificatePath, keyPath: keyPath)
            }
        } catch {
            throw .init(setting: "OUTFLOW_TLS_CERT", reason: "could not load the TLS files: \(error)")
        }
        let tlsConfiguration = try outcome.get()
        do {
            return ServerTLS(
                server: try .tls(tlsConfiguration: tlsConfiguration),
                context: try NIOSSLContext(configuration: tlsConfiguration))
        } catch {
            throw .init(setting: "OUTFLOW_TLS_CERT", reason: "TLS could not be set up: \(error)")
        }
    }

    private static func configuration(
        certificatePath: String, keyPath: String
    ) -> Result<TLSConfiguration, OutflowConfiguration.SettingError> {
        guard FileManager.default.isReadableFile(atPath: certificatePath) else {
            return .failure(.init(setting: "OUTFLOW_TLS_CERT", reason: "cannot read '\(certificatePath)'"))
        }
        guard FileManager.default.isReadableFile(atPath: keyPath) else {
            return .failure(.init(setting: "OUTFLOW_TLS_KEY", reason: "cannot read '\(keyPath)'"))
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            return .failure(.init(setting: "OUTFLOW_TLS_CERT", reason: "'\(certificatePath)' is not a PEM certificate"))
        }
        guard !chain.isEmpty else {
            return .failure(.init(setting: "OUTFLOW_TLS_CERT", reason: "'\(certificatePath)' holds no certificate"))
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            return .failure(.init(setting: "OUTFLOW_TLS_KEY", reason: "'\(keyPath)' is not a PEM private key"))
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        // Building a context checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: tls)
        } catch {
            return .failure(
                .init(setting: "OUTFLOW_TLS_KEY", reason: "the private key does not fit the certificate (\(error))"))
        }
        return .success(tls)
    }
}
