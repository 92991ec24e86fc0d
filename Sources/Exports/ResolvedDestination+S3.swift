import Destinations
import Foundation
import Signing

extension ResolvedDestination {
    /// An Amazon S3 (or S3-compatible) destination from the base connection's `auth.params` (`s3AccessKey`,
    /// `s3SecretKey`, optional `sessionToken`, `roleArn`, `externalId`, `region`, `endpoint`, `forcePathStyle`,
    /// `stsEndpoint`, `timeoutSeconds` per request attempt, default 60) and the target's `bucketName`, `path`, optional `serverSideEncryption` (`AES256`,
    /// `aws:kms`), `kmsKeyId`, `partSizeMiB` (5...5120, default 8) and `parallelParts` (1...32, default 4).
    /// Exports go under the target's `path` inside the bucket.
    static func amazonS3(
        base: BaseConnection, target: TargetConnection, outbound: OutboundPolicy
    ) throws(ExportsError) -> ResolvedDestination {
        let auth = base.authParams
        let location = target.locationParams
        func text(_ value: String?) -> String? {
            value.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let bucket = text(location["bucketName"]) else {
            throw ExportsError.invalid("params.bucketName", "the bucket name is required")
        }
        guard !bucket.contains("/"), !bucket.contains(" "), bucket.count <= 255 else {
            throw ExportsError.invalid("params.bucketName", "the bucket name may not contain '/' or spaces")
        }
        guard let accessKey = text(auth["s3AccessKey"]) else {
            throw ExportsError.invalid("auth.params.s3AccessKey", "the access key id is required")
        }
        guard let secretKey = auth["s3SecretKey"], !secretKey.isEmpty else {
            throw ExportsError.invalid("auth.params.s3SecretKey", "the secret access key is required")
        }
        let region = text(auth["region"]) ?? "us-east-1"
        let forcePathStyle = try flag(auth["forcePathStyle"], field: "auth.params.forcePathStyle")
        var endpoint = S3Endpoint.aws(region: region)
        endpoint.pathStyle = forcePathStyle ?? bucket.contains(".")
        if let url = text(auth["endpoint"]) {
            endpoint = try orInvalid("auth.params.endpoint") { () throws(DestinationError) in
                try S3Endpoint(url: url, pathStyle: forcePathStyle ?? true)
            }
        }
        let keys: AWSCredentials
        do throws(SigningError) {
            keys = try AWSCredentials(
                accessKeyID: accessKey, secretAccessKey: secretKey, sessionToken: text(auth["sessionToken"]))
        } catch {
            throw ExportsError.invalid("auth.params.\(error.field ?? "s3AccessKey")", error.message)
        }
        var source = S3CredentialSource.keys(keys)
        if let roleARN = text(auth["roleArn"]) {
            let role: AWSAssumeRole
            do throws(SigningError) {
                role = try AWSAssumeRole(roleARN: roleARN, externalID: text(auth["externalId"]))
            } catch {
                throw ExportsError.invalid("auth.params.roleArn", error.message)
            }
            var sts = S3Endpoint(scheme: "https", host: "sts.\(region).amazonaws.com", port: nil, pathStyle: true)
            if let url = text(auth["stsEndpoint"]) {
                sts = try orInvalid("auth.params.stsEndpoint") { () throws(DestinationError) in
                    try S3Endpoint(url: url, pathStyle: true)
                }
            }
            source = .assumeRole(base: keys, role: role, stsEndpoint: sts)
        }
        let encryption = try orInvalid("params.serverSideEncryption") { () throws(DestinationError) in
            try S3Encryption(parameter: location["serverSideEncryption"] ?? "", kmsKeyID: text(location["kmsKeyId"]))
        }
        let partSizeMiB = try integer(location["partSizeMiB"], in: 5...5_120, field: "params.partSizeMiB") ?? 8
        let parallel = try integer(location["parallelParts"], in: 1...32, field: "params.parallelParts") ?? 4
        let timeout = try integer(auth["timeoutSeconds"], in: 1...3_600, field: "auth.params.timeoutSeconds") ?? 60
        let folder = target.path.split(separator: "/").joined(separator: "/")
        let configuration = S3DestinationConfiguration(
            endpoint: endpoint, region: region, bucket: bucket, credentials: source, encryption: encryption,
            partSize: partSizeMiB << 20, parallelParts: parallel, probeFolder: folder)
        return ResolvedDestination(
            destination: S3Destination(
                id: base.id, configuration: configuration,
                transport: HTTPTransport(configuration: .init(requestTimeout: .seconds(timeout), outbound: outbound))),
            pathPrefix: folder)
    }

    private static func orInvalid<T>(_ field: String, _ body: () throws(DestinationError) -> T) throws(ExportsError)
        -> T
    {
        do { return try body() } catch { throw ExportsError.invalid(field, error.message) }
    }

    private static func flag(_ value: String?, field: String) throws(ExportsError) -> Bool? {
        switch value?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "": return nil
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ExportsError.invalid(field, "must be true or false")
        }
    }

    private static func integer(_ value: String?, in range: ClosedRange<Int>, field: String) throws(ExportsError)
        -> Int?
    {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw ExportsError.invalid(field, "must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}
