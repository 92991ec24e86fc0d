import SQL
import Testing

/// PostgreSQL 15's operator precedence (docs section 4.1.6, table 4.2), checked through the fully
/// parenthesized printed form.
@Suite struct PrecedenceTests {
    static let cases: [(String, String)] = [
        ("a = b IS NULL", "((a = b) IS NULL)"),
        ("NOT a = b", "(NOT (a = b))"),
        ("-2 ^ 2", "((- 2) ^ 2)"),
        ("a || b = c", "((a || b) = c)"),
        ("x BETWEEN 1 AND 2 AND y", "((x BETWEEN 1 AND 2) AND y)"),
        ("a OR b AND c", "(a OR (b AND c))"),
        ("NOT a AND b", "((NOT a) AND b)"),
        ("NOT a IS NULL", "(NOT (a IS NULL))"),
        ("a + b * c", "(a + (b * c))"),
        ("a - b - c", "((a - b) - c)"),
        ("2 ^ 3 ^ 2", "((2 ^ 3) ^ 2)"),
        ("a * b ^ c", "(a * (b ^ c))"),
        ("a + b || c", "((a + b) || c)"),
        ("a || b + c", "(a || (b + c))"),
        ("a < b || c", "(a < (b || c))"),
        ("a LIKE b || c", "(a LIKE (b || c))"),
        ("a = b LIKE c", "(a = (b LIKE c))"),
        ("a LIKE b = c", "((a LIKE b) = c)"),
        ("a IN (1) = b", "((a IN (1)) = b)"),
        ("a = b IN (1)", "(a = (b IN (1)))"),
        ("a IS DISTINCT FROM b = c", "(a IS DISTINCT FROM (b = c))"),
        ("a BETWEEN b < c AND d", "(a BETWEEN (b < c) AND d)"),
        ("a BETWEEN 1 AND 2 = true", "((a BETWEEN 1 AND 2) = TRUE)"),
        ("-a::int", "(- CAST(a AS INTEGER))"),
        ("-a[1]", "(- a[1])"),
        ("a::int[]", "CAST(a AS INTEGER[])"),
        ("-a COLLATE \"C\"", "((- a) COLLATE \"C\")"),
        ("a + b COLLATE \"C\"", "(a + (b COLLATE \"C\"))"),
        ("a + b AT TIME ZONE 'UTC'", "(a + (b AT TIME ZONE 'UTC'))"),
        ("a ^ b AT TIME ZONE 'UTC'", "(a ^ (b AT TIME ZONE 'UTC'))"),
        ("@ a + b", "(@ (a + b))"),
        ("@ a || b", "((@ a) || b)"),
        ("a = NOT b AND c", "((a = (NOT b)) AND c)"),
        ("a IS NULL = b", "((a IS NULL) = b)"),
        ("a ->> 'x' = 'y'", "((a ->> 'x') = 'y')"),
        ("a -> 'x' ->> 'y'", "((a -> 'x') ->> 'y')"),
        ("a = ANY (b) AND c", "((a = ANY (b)) AND c)"),
        ("NOT NOT a", "(NOT (NOT a))"),
        ("a AND b OR c AND d", "((a AND b) OR (c AND d))"),
        ("a NOT LIKE b AND c", "((a NOT LIKE b) AND c)"),
    ]

    @Test(arguments: cases)
    func precedence(_ input: String, _ printed: String) throws {
        #expect(try SQLParser.parseExpression(input).description == printed)
    }

    @Test(arguments: [
        "a < b < c", "a = b = c", "a <> b >= c", "a IS NULL IS NULL", "a LIKE b LIKE c",
        "a BETWEEN 1 AND 2 BETWEEN 3 AND 4", "a IN (1) IN (2)", "a NOTNULL ISNULL",
    ])
    func nonAssociativeOperatorsRefuseChains(_ input: String) {
        #expect(throws: SQLError.self) { try SQLParser.parseExpression(input) }
    }
}
