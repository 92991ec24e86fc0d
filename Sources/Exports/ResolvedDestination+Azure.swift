import Destinations
import Signing

extension ResolvedDestination {
    /// Azure Blob: auth `connectionString` (+ optional `sasToken`, `timeoutSeconds`), target `container` and `path`.
    static func azureBlob(
        base: BaseConnection, target: TargetConnection, outbound: OutboundPolicy
    ) throws(ExportsError) -> ResolvedDestination {
        guard let container = target.locationParams["container"], !container.isEmpty else {
            throw ExportsError.invalid("params.container", "name the Azure container")
        }
        guard let connectionString = base.authParams["connectionString"], !connectionString.isEmpty else {
            throw ExportsError.invalid("auth.params.connectionString", "missing credential 'connectionString'")
        }
        let timeout = try requestTimeout(base.authParams) ?? .seconds(120)
        do throws(DestinationError) {
            let destination = try AzureBlobDestination(
                connectionString: connectionString, sasToken: base.authParams["sasToken"], container: container,
                id: base.id, requestTimeout: timeout, outbound: outbound)
            return ResolvedDestination(destination: destination, pathPrefix: target.path)
        } catch {
            throw ExportsError.invalid("auth.params.connectionString", error.message)
        }
    }

    /// ADLS Gen2: auth `url` plus either `servicePrincipalId`/`servicePrincipalKey`/`tenant` (+ `authorityHost`) or
    /// `accountKey` (+ optional `timeoutSeconds`); the file system is the URL's first path segment (after the account on path-style
    /// `http://127.0.0.1:PORT/<account>/...` endpoints), else the first segment of the target `path`.
    static func adlsGen2(
        base: BaseConnection, target: TargetConnection, outbound: OutboundPolicy
    ) throws(ExportsError) -> ResolvedDestination {
        let params = base.authParams
        let timeout = try requestTimeout(params) ?? .seconds(120)
        guard let url = params["url"], !url.isEmpty else {
            throw ExportsError.invalid("auth.params.url", "missing the ADLS Gen2 endpoint 'url'")
        }
        let location: ADLSGen2Location
        do throws(DestinationError) { location = try ADLSGen2Location(url: url) } catch {
            throw ExportsError.invalid("auth.params.url", error.message)
        }
        var fileSystem = location.fileSystem
        var folder = (location.folder.isEmpty ? "" : location.folder + "/") + target.path
        if fileSystem == nil {
            let segments = target.path.split(separator: "/").map(String.init)
            guard let first = segments.first else {
                throw ExportsError.invalid("params.path", "start the path with the file system (container) name")
            }
            fileSystem = first
            folder = segments.dropFirst().joined(separator: "/")
        }
        let credential: AzureCredential
        do throws(SigningError) {
            if let key = params["accountKey"], !key.isEmpty {
                guard let account = location.accountName else {
                    throw SigningError(.invalidCredential, "the url does not name the storage account", field: "url")
                }
                credential = .sharedKey(try AzureSharedKeyCredential(accountName: account, accountKey: key))
            } else {
                let principal = try OAuthClientCredentials(
                    tenant: params["tenant"] ?? "", clientID: params["servicePrincipalId"] ?? "",
                    clientSecret: params["servicePrincipalKey"] ?? "",
                    authorityHost: params["authorityHost"].flatMap { $0.isEmpty ? nil : $0 }
                        ?? OAuthClientCredentials.defaultAuthorityHost)
                credential = .servicePrincipal(AzureTokenSource(credentials: principal))
            }
        } catch {
            throw ExportsError.invalid("auth.params.\(error.field ?? "servicePrincipalId")", error.message)
        }
        do throws(DestinationError) {
            let destination = try ADLSGen2Destination(
                endpoint: location.endpoint, fileSystem: fileSystem ?? "", credential: credential, id: base.id,
                requestTimeout: timeout, outbound: outbound)
            return ResolvedDestination(destination: destination, pathPrefix: folder)
        } catch {
            throw ExportsError.invalid("params.path", error.message)
        }
    }
}
