/// The OpenAPI fragment of the Data Landing Zone's Outflow-side endpoint. The Azure Blob / DFS REST subset under
/// `/<account>/...` follows Azure's own specification and is not described here.
extension OpenAPIDocument {
    static let landingZonePaths = """
          /data/foundation/connectors/landingzone/credentials:
            get:
              operationId: getLandingZoneCredentials
              tags: [landingzone]
              summary: A container SAS for the Data Landing Zone (AEP DLZ API shape).
              description: >-
                Issues a SAS (permissions racwdlm, valid 7 days) for the landing zone's `dlz-destination` or
                `dlz-user-container` container, creating it if needed. Use `SASUri` with any Azure Blob client;
                the landing zone answers the Azure Blob and DFS REST subset at `http://<host>:<port>/<account>/`.
              parameters:
                - name: type
                  in: query
                  required: false
                  schema: {type: string, enum: [dlz_destination, user_drop_zone], default: dlz_destination}
              responses:
                "200":
                  description: the SAS and where to use it
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [containerName, SASToken, storageAccountName, SASUri, expiryDate]
                        properties:
                          containerName: {type: string}
                          SASToken: {type: string}
                          storageAccountName: {type: string}
                          SASUri: {type: string}
                          expiryDate: {type: string, description: "YYYY-MM-DD"}
                \(errors(400))

        """
}
