import Testing

@testable import Journey

/// Each derived function compiles to one expression of the engine's PostgreSQL dialect, literals escaped.
struct DerivedFieldSQLTests {
    static var compiler: DerivedFieldSQL {
        DerivedFieldSQL(
            text: { field throws(JourneyError) in "\"\(field)\"" },
            value: { field throws(JourneyError) in "\"\(field)\"" })
    }

    static func sql(_ function: DerivedFunction) throws -> String {
        try compiler.expression(function)
    }

    @Test func caseWhenIsACaseExpressionOverItsRules() throws {
        let function = DerivedFunction.caseWhen(
            rules: [
                CaseRule(
                    conditions: [
                        CaseCondition(field: "u", operator: .startsWith, value: "/p/"),
                        CaseCondition(field: "n", operator: .greaterThan, value: "2"),
                    ], result: DerivedValue(value: "Products")),
                CaseRule(
                    conditions: [
                        CaseCondition(field: "u", operator: .contains, value: "it's"),
                        CaseCondition(field: "u", operator: .notExists),
                    ], match: .any, result: DerivedValue(field: "c")),
            ], otherwise: DerivedValue(value: "Other"))
        #expect(
            try Self.sql(function)
                == "(CASE WHEN ((left(\"u\", 3) = '/p/') AND (CAST(\"n\" AS DOUBLE PRECISION) > 2.0)) THEN 'Products' "
                + "WHEN ((strpos(\"u\", 'it''s') > 0) OR (\"u\" IS NULL)) THEN \"c\" ELSE 'Other' END)")
        let conditions: [(CaseCondition.Operator, String)] = [
            (.equals, "(\"f\" = 'v')"), (.notEquals, "(\"f\" <> 'v')"), (.notContains, "(strpos(\"f\", 'v') = 0)"),
            (.endsWith, "(right(\"f\", 1) = 'v')"), (.matchesRegex, "(\"f\" ~ 'v')"), (.exists, "(\"f\" IS NOT NULL)"),
        ]
        for (op, expected) in conditions {
            #expect(try Self.compiler.condition(CaseCondition(field: "f", operator: op, value: "v")) == expected)
        }
    }

    @Test func stringFunctionsCompileToTheEnginesFunctions() throws {
        let input = DerivedValue(field: "f")
        #expect(
            try Self.sql(.concatenate(values: [input, DerivedValue(value: "x")], delimiter: " | "))
                == "nullif(concat_ws(' | ', \"f\", 'x'), '')")
        #expect(
            try Self.sql(.regexReplace(input: input, pattern: "^a(b+)$", replacement: "$1\\x"))
                == "regexp_replace(\"f\", '^a(b+)$', '\\1\\\\x', 'g')")
        #expect(
            try Self.sql(.lookup(input: input, map: ["b": "B", "a": "A'"], defaultValue: nil))
                == "(CASE \"f\" WHEN 'a' THEN 'A''' WHEN 'b' THEN 'B' ELSE NULL END)")
        #expect(
            try Self.sql(.split(input: input, delimiter: "/", index: 2, fromRight: true))
                == "nullif(split_part(\"f\", '/', -2), '')")
        #expect(try Self.sql(.lowercase(input: input)) == "lower(\"f\")")
        #expect(try Self.sql(.trim(input: input)) == "btrim(\"f\")")
        #expect(try Self.sql(.findReplace(input: input, find: "a", replacement: "b")) == "replace(\"f\", 'a', 'b')")
    }

    @Test func urlParseTakesTheGroupOfAPatternPerPart() throws {
        let input = DerivedValue(field: "u")
        #expect(
            try Self.sql(.urlParse(input: input, component: .host, parameter: nil))
                == "nullif(substring(\"u\" FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]*)'), '')")
        #expect(
            DerivedFieldSQL.urlPattern(.queryParameter, parameter: "utm.source") == "[?&]utm\\.source=([^&#]*)")
    }
}
