import Testing

@testable import Destinations

@Suite struct GCSRequestBuildingTests {
    static let api = GCSJSONAPI(
        endpoint: GCSEndpoint(scheme: "http", host: "127.0.0.1", port: 9023, basePath: ""), bucket: "exports")

    @Test func endpointsParseWithPortsBasePathsAndDefaults() throws {
        let local = try GCSEndpoint(parsing: "http://127.0.0.1:9023/")
        #expect(local.hostHeader == "127.0.0.1:9023" && local.baseURL == "http://127.0.0.1:9023")
        let google = try GCSEndpoint(parsing: "https://storage.googleapis.com:443")
        #expect(google == .google)
        #expect(try GCSEndpoint(parsing: "https://proxy.example/gcs/").baseURL == "https://proxy.example/gcs")
        for bad in ["storage.googleapis.com", "ftp://x", "http://", "http://h:99999", "http://u@h", "http://h/?x"] {
            #expect(throws: DestinationError.self, "\(bad)") { try GCSEndpoint(parsing: bad) }
        }
    }

    @Test func objectNamesAreOneEncodedSegmentInEveryJSONAPIURL() {
        let name = "ds/exportTime=202611231200/part 0+1.parquet"
        let encoded = "ds%2FexportTime%3D202611231200%2Fpart%200%2B1.parquet"
        #expect(Self.api.objectMetadata(name: name).url == "http://127.0.0.1:9023/storage/v1/b/exports/o/\(encoded)")
        #expect(Self.api.deleteObject(name: name).method == "DELETE")
        let initiate = Self.api.initiateResumableUpload(name: name)
        #expect(
            initiate.url
                == "http://127.0.0.1:9023/upload/storage/v1/b/exports/o?uploadType=resumable&name=\(encoded)")
        #expect(initiate.method == "POST" && initiate.header("X-Upload-Content-Type") == "application/octet-stream")
    }

    @Test func initiationMetadataIsValidJSONForAwkwardNames() throws {
        let request = Self.api.initiateResumableUpload(name: "a\"b\\c\u{1}d")
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(text == #"{"name":"a\"b\\c\u0001d","contentType":"application/octet-stream"}"#)
    }

    @Test func listingCarriesPrefixAndPageTokenAndStatusQueriesUseStarRange() {
        let first = Self.api.listObjects(prefix: "ds/", pageToken: nil)
        #expect(first.url == "http://127.0.0.1:9023/storage/v1/b/exports/o?maxResults=1000&prefix=ds%2F")
        let next = Self.api.listObjects(prefix: "", pageToken: "tok/+=")
        #expect(next.url == "http://127.0.0.1:9023/storage/v1/b/exports/o?maxResults=1000&pageToken=tok%2F%2B%3D")
        let status = Self.api.queryUploadStatus(sessionURL: "http://h/upload?upload_id=1")
        #expect(status.method == "PUT" && status.header("Content-Range") == "bytes */*" && status.body.isEmpty)
    }

    @Test func configurationRefusesAnonymousGoogleBadBucketsAndChunkSizes() {
        #expect(throws: DestinationError.self) {
            try GCSConfiguration(bucket: "b-1", credentials: .anonymous).validate()
        }
        #expect(throws: DestinationError.self) {
            try GCSConfiguration(bucket: "Bad Bucket", endpoint: Self.api.endpoint, credentials: .anonymous).validate()
        }
        #expect(throws: DestinationError.self) {
            try GCSConfiguration(bucket: "ok", endpoint: Self.api.endpoint, credentials: .anonymous, chunkSize: 100)
                .validate()
        }
        #expect(throws: Never.self) {
            try GCSConfiguration(bucket: "exports", endpoint: Self.api.endpoint, credentials: .anonymous).validate()
        }
    }
}
