/// Schema documents used across the tests.
enum Fixtures {
    static let clickstreamSchema = """
        {
          "title": "Web clickstream events",
          "class": "ExperienceEvent",
          "labels": ["C1"],
          "fields": [
            {"name": "identityMap", "type": "map", "values": {"type": "array", "items": {"type": "struct", "fields": [
                {"name": "id", "type": "string", "required": true},
                {"name": "authenticatedState", "type": "string"},
                {"name": "primary", "type": "boolean"}]}}},
            {"name": "web", "type": "struct", "fields": [
                {"name": "webPageDetails", "type": "struct", "fields": [{"name": "name", "type": "string"}]}]},
            {"name": "productListItems", "type": "array", "items": {"type": "struct", "fields": [
                {"name": "SKU", "type": "string"}, {"name": "priceTotal", "type": "decimal", "precision": 18, "scale": 2},
                {"name": "quantity", "type": "int32"}]}},
            {"name": "personalEmail", "type": "string", "labels": ["I1", "C2"], "identity": "Email"}
          ]
        }
        """

    /// A flat record schema used by CSV and ingestion tests.
    static let flatSchema = """
        {
          "title": "Orders",
          "class": "Record",
          "fields": [
            {"name": "_id", "type": "string", "required": true},
            {"name": "amount", "type": "int64"},
            {"name": "price", "type": "decimal", "precision": 10, "scale": 2},
            {"name": "ok", "type": "boolean"},
            {"name": "day", "type": "date"},
            {"name": "at", "type": "timestamp"},
            {"name": "web", "type": "struct", "fields": [
                {"name": "webPageDetails", "type": "struct", "fields": [{"name": "name", "type": "string"}]}]}
          ]
        }
        """

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
}
