/// The destination catalog. The six AEP ids (connection and dataset-export flow specs) are AEP's published
/// ones (Experience League "Export datasets by using the Flow Service API"); "Local folder" is Outflow's own.
public enum ConnectionSpecCatalog {
    public static let amazonS3 = "4fce964d-3f37-408f-9778-e597338a21ee"
    public static let azureBlob = "6d6b59bf-fb58-4107-9064-4d246c0e5bb2"
    public static let adlsGen2 = "be2c3209-53bc-47e7-ab25-145db8b873e1"
    public static let dataLandingZone = "10440537-2a7b-4583-ac39-ed38d4b848e8"
    public static let googleCloudStorage = "c5d93acb-ea8b-4b14-8f53-02138444ae99"
    public static let sftp = "36965a81-b1c6-401b-99f8-22508f1e6a26"
    /// Outflow's own "Local folder" destination.
    public static let localFolder = "7c1b7e0a-5d1e-4f51-9a0e-0f1ea7f10c41"

    static let fileParameters: [SpecParameter] = [
        SpecParameter("datasetFileType", "File format of exported datasets", allowed: ["JSON", "PARQUET"]),
        SpecParameter(
            "compression", "Compression of exported files", required: false,
            allowed: ["NONE", "GZIP", "SNAPPY", "ZSTD"]),
        SpecParameter("includeManifest", "Write a manifest file last", type: "boolean", required: false),
        SpecParameter("maxFileSizeMiB", "Roll output files at about this size", type: "integer", required: false),
    ]

    static func target(_ extra: [SpecParameter]) -> [SpecParameter] { extra + fileParameters }

    /// The optional per-request deadline of the HTTP destinations (`ResolvedDestination.requestTimeout`).
    static func timeoutParameter(defaultSeconds: Int) -> SpecParameter {
        SpecParameter(
            "timeoutSeconds", "Deadline of one request attempt (default \(defaultSeconds), plus 2 s per MiB sent)",
            type: "integer", required: false)
    }

    /// Every spec, in catalog order.
    public static let all: [ConnectionSpec] = [
        ConnectionSpec(
            id: amazonS3, name: "Amazon S3", flowSpecId: "269ba276-16fc-47db-92b0-c1049a3c131f",
            authSpec: [
                SpecParameter("s3AccessKey", "Access key id"),
                SpecParameter("s3SecretKey", "Secret access key", secret: true),
                SpecParameter("sessionToken", "Session token of temporary credentials", required: false, secret: true),
                SpecParameter("roleArn", "Role to assume through STS", required: false),
                SpecParameter("externalId", "External id the role's trust policy asks for", required: false),
                SpecParameter("region", "Region (default us-east-1)", required: false),
                SpecParameter(
                    "endpoint", "S3-compatible endpoint URL (https://host:port)", required: false,
                    routesSecrets: true),
                SpecParameter("forcePathStyle", "Path-style addressing", type: "boolean", required: false),
                SpecParameter("stsEndpoint", "STS endpoint URL for roleArn", required: false, routesSecrets: true),
                SpecParameter(
                    "timeoutSeconds", "Deadline of one request attempt (default 60, plus 2 s per MiB sent)",
                    type: "integer", required: false),
            ],
            authVariants: [AuthVariant("Access Key", type: "KeyBased")],
            targetSpec: target([
                SpecParameter("bucketName", "Bucket"), SpecParameter("path", "Folder path in the bucket"),
                SpecParameter(
                    "serverSideEncryption", "Server-side encryption", required: false, allowed: ["AES256", "aws:kms"]),
                SpecParameter("kmsKeyId", "KMS key id for aws:kms", required: false),
                SpecParameter("partSizeMiB", "Multipart part size in MiB (5-5120, default 8)", required: false),
                SpecParameter("parallelParts", "Parts uploaded at once (1-32, default 4)", required: false),
            ]), available: true),
        ConnectionSpec(
            id: azureBlob, name: "Azure Blob Storage", flowSpecId: "95bd8965-fc8a-4119-b9c3-944c2c2df6d2",
            authSpec: [
                SpecParameter(
                    "connectionString", "Storage account connection string", secret: true, routesSecrets: true),
                SpecParameter(
                    "sasToken", "SAS token used instead of the connection string's key", required: false, secret: true),
                timeoutParameter(defaultSeconds: 120),
            ],
            authVariants: [AuthVariant("ConnectionString", type: "ConnectionString")],
            targetSpec: target([SpecParameter("container", "Container"), SpecParameter("path", "Folder path")]),
            available: true),
        ConnectionSpec(
            id: adlsGen2, name: "Azure Data Lake Storage Gen2", flowSpecId: "17be2013-2549-41ce-96e7-a70363bec293",
            authSpec: [
                SpecParameter("url", "DFS endpoint URL (may name the file system)", routesSecrets: true),
                SpecParameter("servicePrincipalId", "Service principal id", required: false),
                SpecParameter("servicePrincipalKey", "Service principal key", required: false, secret: true),
                SpecParameter("tenant", "Tenant", required: false),
                SpecParameter("authorityHost", "OAuth authority host", required: false, routesSecrets: true),
                SpecParameter(
                    "accountKey", "Account key (SharedKey) instead of a service principal", required: false,
                    secret: true),
                timeoutParameter(defaultSeconds: 120),
            ],
            authVariants: [AuthVariant("Azure Service Principal Auth", type: "AzureServicePrincipal")],
            targetSpec: target([SpecParameter("path", "Folder path")]), available: true),
        ConnectionSpec(
            id: dataLandingZone, name: "Data Landing Zone", flowSpecId: "cd2fc47e-e838-4f38-a581-8fff2f99b63a",
            authSpec: [], targetSpec: target([SpecParameter("path", "Folder path in the landing zone")]),
            available: true),
        ConnectionSpec(
            id: googleCloudStorage, name: "Google Cloud Storage",
            flowSpecId: "585c15c4-6cbf-4126-8f87-e26bff78b657",
            authSpec: [
                SpecParameter("accessKeyId", "HMAC access key id (XML interop API)", required: false),
                SpecParameter("secretAccessKey", "HMAC secret (XML interop API)", required: false, secret: true),
                SpecParameter(
                    "serviceAccountKey", "Service account key file JSON (JSON API)", required: false, secret: true),
                SpecParameter(
                    "tokenUri", "OAuth token endpoint overriding the key's token_uri", required: false,
                    routesSecrets: true),
                SpecParameter(
                    "endpoint", "API endpoint (default https://storage.googleapis.com; an emulator without keys)",
                    required: false, routesSecrets: true),
                timeoutParameter(defaultSeconds: 60),
            ],
            authVariants: [
                AuthVariant("Google Cloud Storage authentication credentials", type: "GoogleCloudStorageAuth")
            ],
            targetSpec: target([SpecParameter("bucketName", "Bucket"), SpecParameter("path", "Folder path")]),
            available: true),
        ConnectionSpec(
            id: sftp, name: "SFTP", flowSpecId: "354d6aad-4754-46e4-a576-1b384561c440",
            // Auth specs "SFTP with Password" (password) and "SFTP with SSH Key" (sshKey, plus sshKeyPassphrase
            // when the key is encrypted): one of the two is needed (`authVariants`).
            authSpec: [
                SpecParameter("domain", "Host name or address", routesSecrets: true),
                SpecParameter("port", "Port (default 22)", type: "integer", required: false, routesSecrets: true),
                SpecParameter("username", "User"),
                SpecParameter("password", "Password (SFTP with Password)", required: false, secret: true),
                SpecParameter(
                    "sshKey",
                    "Base64 of a private key file, OpenSSH or PEM, ed25519, ECDSA or RSA (SFTP with SSH Key)",
                    required: false, secret: true),
                SpecParameter(
                    "sshKeyPassphrase", "Passphrase of an encrypted sshKey (Outflow addition)", required: false,
                    secret: true),
                SpecParameter(
                    "hostKeyFingerprint", "Pinned host key, as OpenSSH prints it (SHA256:...)", required: false,
                    routesSecrets: true),
                SpecParameter(
                    "timeoutSeconds", "Limit of the SSH handshake and of each SFTP reply (default 15 and 30)",
                    type: "integer", required: false),
            ],
            authVariants: [
                AuthVariant(
                    "SFTP with Password", type: "SFTP", excluded: ["sshKey", "sshKeyPassphrase"],
                    alsoRequired: ["password"]),
                AuthVariant("SFTP with SSH Key", type: "SFTP", excluded: ["password"], alsoRequired: ["sshKey"]),
            ],
            targetSpec: target([SpecParameter("remotePath", "Folder on the server")]), available: true),
        ConnectionSpec(
            id: localFolder, name: "Local folder", flowSpecId: "b3f0d3c2-8e0a-4c52-9d43-6a1f0c5e2d17",
            authSpec: [], targetSpec: target([SpecParameter("path", "Absolute folder on the Outflow host")]),
            available: true),
    ]

    /// The spec with `id` (case-insensitive), or nil.
    public static func spec(id: String) -> ConnectionSpec? {
        all.first { $0.id == id.lowercased() }
    }
}
