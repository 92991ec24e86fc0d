import Destinations
import Foundation
import Signing

extension ResolvedDestination {
    /// Google Cloud Storage from the base connection's `authParams` and the target's `bucketName` and `path`:
    /// - `accessKeyId` + `secretAccessKey`: HMAC keys, XML interop API signed with AWS4-HMAC-SHA256 (SigV4, region
    ///   `auto`), which GCS accepts beside GOOG4-HMAC-SHA256 and S3-compatible endpoints check as well;
    /// - `serviceAccountKey` (the key file's JSON, or that JSON base64-encoded), optional `tokenUri` override:
    ///   JSON API with a bearer token;
    /// - only `endpoint`: the JSON API without credentials (emulators).
    /// `endpoint` (default `https://storage.googleapis.com`) and `timeoutSeconds` (per request attempt, default 60)
    /// apply to all three.
    static func googleCloudStorage(
        base: BaseConnection, target: TargetConnection, outbound: OutboundPolicy
    ) throws(ExportsError)
        -> ResolvedDestination
    {
        let auth = base.authParams.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard let bucket = target.locationParams["bucketName"], !bucket.isEmpty else {
            throw ExportsError.invalid("params.bucketName", "name the bucket to deliver to (bucketName)")
        }
        let endpoint: GCSEndpoint
        do throws(DestinationError) {
            endpoint =
                try auth["endpoint"].map { value throws(DestinationError) in try GCSEndpoint(parsing: value) }
                ?? .google
        } catch {
            throw ExportsError.invalid("auth.params.endpoint", error.message)
        }
        let credentials = try gcsCredentials(auth)
        let timeout = try requestTimeout(auth) ?? .seconds(60)
        do throws(DestinationError) {
            let destination = try GCSDestination(
                id: base.id,
                configuration: GCSConfiguration(
                    bucket: bucket, endpoint: endpoint, credentials: credentials, requestTimeout: timeout,
                    outbound: outbound))
            return ResolvedDestination(destination: destination, pathPrefix: target.path)
        } catch {
            let field = error.code == .auth ? "auth.params.serviceAccountKey" : "params.bucketName"
            throw ExportsError.invalid(field, error.message)
        }
    }

    private static func gcsCredentials(_ auth: [String: String]) throws(ExportsError) -> GCSCredentials {
        let keyID = auth["accessKeyId"]
        let secret = auth["secretAccessKey"]
        if keyID != nil || secret != nil {
            guard let keyID else {
                throw ExportsError.invalid("auth.params.accessKeyId", "give the HMAC access key id with its secret")
            }
            guard let secret else {
                throw ExportsError.invalid("auth.params.secretAccessKey", "give the HMAC secret with its key id")
            }
            do throws(SigningError) {
                return .hmac(try AWSCredentials(accessKeyID: keyID, secretAccessKey: secret))
            } catch {
                throw ExportsError.invalid("auth.params.accessKeyId", "the HMAC keys are not usable")
            }
        }
        if let text = auth["serviceAccountKey"] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let json: [UInt8]
            if trimmed.hasPrefix("{") {
                json = Array(trimmed.utf8)
            } else if let decoded = Data(base64Encoded: trimmed, options: .ignoreUnknownCharacters) {
                json = Array(decoded)
            } else {
                throw ExportsError.invalid(
                    "auth.params.serviceAccountKey",
                    "the service account key must be the key file's JSON (or it in base64)")
            }
            do throws(SigningError) {
                let key = try GoogleServiceAccountKey(json: json)
                if let tokenURI = auth["tokenUri"] {
                    guard tokenURI.hasPrefix("https://") || tokenURI.hasPrefix("http://") else {
                        throw SigningError(
                            .malformedConfiguration, "the tokenUri must be an http(s) URL", field: "tokenUri")
                    }
                }
                return .serviceAccount(key, tokenURI: auth["tokenUri"] ?? key.tokenURI)
            } catch {
                let field = error.field == "tokenUri" ? "auth.params.tokenUri" : "auth.params.serviceAccountKey"
                throw ExportsError.invalid(field, error.message)
            }
        }
        guard auth["endpoint"] != nil else {
            throw ExportsError.invalid(
                "auth.params.serviceAccountKey",
                "give a serviceAccountKey, HMAC keys (accessKeyId and secretAccessKey), or an emulator endpoint")
        }
        return .anonymous
    }
}
