public import Columnar

/// The three demo datasets: their schema documents (the JSON the lake parses) and the Columnar
/// schemas those documents map to, built in code the way the schema-document format prescribes.
public enum DemoSchemas {
    /// Name of the clickstream dataset (`outflow demo`).
    public static let webEventsName = "web_events"
    /// Name of the profiles dataset.
    public static let customerProfilesName = "customer_profiles"
    /// Name of the product dataset.
    public static let productCatalogName = "product_catalog"

    /// All three as (dataset name, schema document, Columnar schema), in creation order.
    public static var all: [(name: String, document: String, schema: Schema)] {
        [
            (webEventsName, webEventsDocument, webEvents),
            (customerProfilesName, customerProfilesDocument, customerProfiles),
            (productCatalogName, productCatalogDocument, productCatalog),
        ]
    }

    // MARK: Columnar schemas

    static func labelled(_ labels: [String], identity: String? = nil) -> [String: String] {
        var metadata: [String: String] = [:]
        if !labels.isEmpty { metadata["labels"] = labels.joined(separator: ",") }
        if let identity { metadata["identity"] = identity }
        return metadata
    }

    static func list(_ element: DataType) -> DataType {
        .list(Field("element", element, nullable: true))
    }

    static func map(_ value: DataType) -> DataType {
        .map(key: Field("key", .string, nullable: false), value: Field("value", value, nullable: true))
    }

    static let money = DataType.decimal(precision: 18, scale: 2)

    static let identityEntry = DataType.struct([
        Field("id", .string, nullable: false),
        Field("authenticatedState", .string),
        Field("primary", .boolean),
    ])

    static let productListItem = DataType.struct([
        Field("SKU", .string),
        Field("name", .string),
        Field("priceTotal", money),
        Field("quantity", .int32),
    ])

    /// `web_events`, an ExperienceEvent schema of clickstream hits.
    public static let webEvents = Schema([
        Field("_id", .string, nullable: false),
        Field("timestamp", .timestamp, nullable: false),
        Field("identityMap", map(list(identityEntry))),
        Field("ecid", .string, metadata: labelled(["I2"], identity: "ECID")),
        Field("crmId", .string, metadata: labelled(["I2"], identity: "CRMID")),
        Field(
            "web",
            .struct([
                Field(
                    "webPageDetails",
                    .struct([
                        Field("name", .string),
                        Field("URL", .string),
                        Field("pageViews", .struct([Field("value", .float64)])),
                    ])),
                Field("webReferrer", .struct([Field("URL", .string)])),
            ])),
        Field("marketing", .struct([Field("trackingCode", .string), Field("channel", .string)])),
        Field("productListItems", list(productListItem)),
        Field(
            "commerce",
            .struct([
                Field("order", .struct([Field("purchaseID", .string), Field("priceTotal", money)])),
                Field("purchases", .struct([Field("value", .float64)])),
            ])),
        Field("placeContext", .struct([Field("geo", .struct([Field("countryCode", .string)]))])),
        Field("environment", .struct([Field("browserDetails", .struct([Field("name", .string)]))])),
        Field("device", .struct([Field("type", .string)])),
    ])

    /// `customer_profiles`, a Record schema with one row per CRM person id.
    public static let customerProfiles = Schema([
        Field("_id", .string, nullable: false),
        Field("crmId", .string, metadata: labelled(["I2"], identity: "CRMID")),
        Field("email", .string, metadata: labelled(["C2", "I1"])),
        Field("firstName", .string, metadata: labelled(["I1"])),
        Field("lastName", .string, metadata: labelled(["I1"])),
        Field("loyaltyTier", .string),
        Field("loyaltyPoints", .int64),
        Field("countryCode", .string),
        Field("createdAt", .timestamp),
    ])

    /// `product_catalog`, a Record schema with one row per SKU.
    public static let productCatalog = Schema([
        Field("_id", .string, nullable: false),
        Field("SKU", .string),
        Field("name", .string),
        Field("category", .string),
        Field("price", money),
    ])

    // MARK: Schema documents

    /// The schema document of `web_events`.
    public static let webEventsDocument = """
        {
          "title": "Web clickstream events",
          "description": "Demo page views, logins and purchases of an online shop",
          "class": "ExperienceEvent",
          "fields": [
            {"name": "_id", "type": "string", "required": true},
            {"name": "timestamp", "type": "timestamp", "required": true},
            {"name": "identityMap", "type": "map", "values": {"type": "array", "items": {"type": "struct", "fields": [
              {"name": "id", "type": "string", "required": true},
              {"name": "authenticatedState", "type": "string"},
              {"name": "primary", "type": "boolean"}]}}},
            {"name": "ecid", "type": "string", "labels": ["I2"], "identity": "ECID"},
            {"name": "crmId", "type": "string", "labels": ["I2"], "identity": "CRMID"},
            {"name": "web", "type": "struct", "fields": [
              {"name": "webPageDetails", "type": "struct", "fields": [
                {"name": "name", "type": "string"},
                {"name": "URL", "type": "string"},
                {"name": "pageViews", "type": "struct", "fields": [{"name": "value", "type": "float64"}]}]},
              {"name": "webReferrer", "type": "struct", "fields": [{"name": "URL", "type": "string"}]}]},
            {"name": "marketing", "type": "struct", "fields": [
              {"name": "trackingCode", "type": "string"},
              {"name": "channel", "type": "string"}]},
            {"name": "productListItems", "type": "array", "items": {"type": "struct", "fields": [
              {"name": "SKU", "type": "string"},
              {"name": "name", "type": "string"},
              {"name": "priceTotal", "type": "decimal", "precision": 18, "scale": 2},
              {"name": "quantity", "type": "int32"}]}},
            {"name": "commerce", "type": "struct", "fields": [
              {"name": "order", "type": "struct", "fields": [
                {"name": "purchaseID", "type": "string"},
                {"name": "priceTotal", "type": "decimal", "precision": 18, "scale": 2}]},
              {"name": "purchases", "type": "struct", "fields": [{"name": "value", "type": "float64"}]}]},
            {"name": "placeContext", "type": "struct", "fields": [
              {"name": "geo", "type": "struct", "fields": [{"name": "countryCode", "type": "string"}]}]},
            {"name": "environment", "type": "struct", "fields": [
              {"name": "browserDetails", "type": "struct", "fields": [{"name": "name", "type": "string"}]}]},
            {"name": "device", "type": "struct", "fields": [{"name": "type", "type": "string"}]}
          ]
        }
        """

    /// The schema document of `customer_profiles`.
    public static let customerProfilesDocument = """
        {
          "title": "Customer profiles",
          "description": "Demo CRM records, one per person id seen logging in on the web",
          "class": "Record",
          "fields": [
            {"name": "_id", "type": "string", "required": true},
            {"name": "crmId", "type": "string", "labels": ["I2"], "identity": "CRMID"},
            {"name": "email", "type": "string", "labels": ["C2", "I1"]},
            {"name": "firstName", "type": "string", "labels": ["I1"]},
            {"name": "lastName", "type": "string", "labels": ["I1"]},
            {"name": "loyaltyTier", "type": "string"},
            {"name": "loyaltyPoints", "type": "int64"},
            {"name": "countryCode", "type": "string"},
            {"name": "createdAt", "type": "timestamp"}
          ]
        }
        """

    /// The schema document of `product_catalog`.
    public static let productCatalogDocument = """
        {
          "title": "Product catalog",
          "description": "Demo products sold on the web shop",
          "class": "Record",
          "fields": [
            {"name": "_id", "type": "string", "required": true},
            {"name": "SKU", "type": "string"},
            {"name": "name", "type": "string"},
            {"name": "category", "type": "string"},
            {"name": "price", "type": "decimal", "precision": 18, "scale": 2}
          ]
        }
        """
}
