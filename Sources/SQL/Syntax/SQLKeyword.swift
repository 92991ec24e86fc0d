/// The keywords the grammar uses, each with its PostgreSQL 15 category (Appendix C, `kwlist.h`).
///
/// Words not listed here lex as identifiers. Reserved keywords never serve as names; type/function-name
/// keywords (`LEFT`, `JOIN`, `IS`) may name functions and types but not columns or tables; column-name keywords
/// (`BETWEEN`, `INT`, `ROW`) may name columns but not functions or types; unreserved ones name anything.
public enum SQLKeyword: String, CaseIterable, Hashable, Sendable {
    case abort
    case all
    case analyse
    case analyze
    case and
    case `any` = "any"
    case array
    case `as` = "as"
    case asc
    case asymmetric
    case at
    case authorization
    case begin
    case between
    case bigint
    case binary
    case bit
    case boolean
    case both
    case by
    case cascade
    case `case` = "case"
    case cast
    case chain
    case char
    case character
    case characteristics
    case check
    case coalesce
    case collate
    case collation
    case column
    case commit
    case committed
    case concurrently
    case constraint
    case create
    case cross
    case cube
    case current
    case current_catalog
    case current_date
    case current_role
    case current_schema
    case current_time
    case current_timestamp
    case current_user
    case cycle
    case data
    case day
    case deallocate
    case dec
    case decimal
    case `default` = "default"
    case deferrable
    case desc
    case distinct
    case `do` = "do"
    case document
    case double
    case drop
    case `else` = "else"
    case end
    case escape
    case except
    case exclude
    case exists
    case explain
    case extract
    case `false` = "false"
    case fetch
    case filter
    case first
    case float
    case following
    case `for` = "for"
    case foreign
    case freeze
    case from
    case full
    case grant
    case greatest
    case group
    case grouping
    case groups
    case having
    case hour
    case `if` = "if"
    case ilike
    case `in` = "in"
    case initially
    case inner
    case `inout` = "inout"
    case insert
    case int
    case integer
    case intersect
    case interval
    case into
    case `is` = "is"
    case isnull
    case isolation
    case join
    case last
    case lateral
    case leading
    case least
    case left
    case level
    case like
    case limit
    case local
    case localtime
    case localtimestamp
    case materialized
    case minute
    case month
    case names
    case national
    case natural
    case nchar
    case next
    case no
    case `none` = "none"
    case normalize
    case normalized
    case not
    case notnull
    case `null` = "null"
    case nullif
    case nulls
    case numeric
    case of
    case offset
    case on
    case only
    case `operator` = "operator"
    case or
    case order
    case ordinality
    case others
    case out
    case outer
    case over
    case overlaps
    case overlay
    case partition
    case placing
    case position
    case preceding
    case precision
    case primary
    case range
    case read
    case real
    case recursive
    case references
    case repeatable
    case replace
    case reset
    case restrict
    case returning
    case right
    case rollback
    case rollup
    case row
    case rows
    case schema
    case search
    case second
    case select
    case serializable
    case session
    case session_user
    case `set` = "set"
    case setof
    case sets
    case show
    case similar
    case smallint
    case `some` = "some"
    case start
    case substring
    case symmetric
    case table
    case tablesample
    case temp
    case temporary
    case then
    case ties
    case time
    case timestamp
    case to
    case trailing
    case transaction
    case treat
    case trim
    case `true` = "true"
    case uescape
    case unbounded
    case uncommitted
    case union
    case unique
    case unlogged
    case user
    case using
    case value
    case values
    case varchar
    case variadic
    case varying
    case verbose
    case view
    case when
    case `where` = "where"
    case window
    case with
    case within
    case without
    case work
    case write
    case xmlattributes
    case xmlconcat
    case xmlelement
    case xmlexists
    case xmlforest
    case xmlnamespaces
    case xmlparse
    case xmlpi
    case xmlroot
    case xmlserialize
    case xmltable
    case year
    case zone

    public enum Category: Sendable { case reserved, typeOrFunctionName, columnName, unreserved }

    public var category: Category {
        switch self {
        case .all, .analyse, .analyze, .and, .`any`, .array, .`as`, .asc, .asymmetric, .both, .`case`, .cast, .check,
            .collate, .column, .constraint, .create, .current_catalog, .current_date, .current_role, .current_time,
            .current_timestamp, .current_user, .`default`, .deferrable, .desc, .distinct, .`do`, .`else`, .end,
            .except, .`false`, .fetch, .`for`, .foreign, .from, .grant, .group, .having, .`in`, .initially,
            .intersect, .into, .lateral, .leading, .limit, .localtime, .localtimestamp, .not, .`null`, .offset, .on,
            .only, .or, .order, .placing, .primary, .references, .returning, .select, .session_user, .`some`,
            .symmetric, .table, .then, .to, .trailing, .`true`, .union, .unique, .user, .using, .variadic, .when,
            .`where`, .window, .with:
            return .reserved
        case .authorization, .binary, .collation, .concurrently, .cross, .current_schema, .freeze, .full, .ilike,
            .inner, .`is`, .isnull, .join, .left, .like, .natural, .notnull, .outer, .overlaps, .right, .similar,
            .tablesample, .verbose:
            return .typeOrFunctionName
        case .between, .bigint, .bit, .boolean, .char, .character, .coalesce, .dec, .decimal, .exists, .extract,
            .float, .greatest, .grouping, .`inout`, .int, .integer, .interval, .least, .national, .nchar, .`none`,
            .normalize, .nullif, .numeric, .out, .overlay, .position, .precision, .real, .row, .setof, .smallint,
            .substring, .time, .timestamp, .treat, .trim, .values, .varchar, .xmlattributes, .xmlconcat, .xmlelement,
            .xmlexists, .xmlforest, .xmlnamespaces, .xmlparse, .xmlpi, .xmlroot, .xmlserialize, .xmltable:
            return .columnName
        default:
            return .unreserved
        }
    }

    /// Whether the keyword may follow a select item as its alias without `AS` (PostgreSQL's `BARE_LABEL`);
    /// this parser allows it for unreserved and column-name keywords except those PostgreSQL marks `AS_LABEL`.
    public var isBareLabel: Bool {
        switch self {
        case .char, .character, .day, .filter, .hour, .minute, .month, .over, .precision, .second, .varying, .within,
            .without, .year:
            return false
        default:
            return category == .unreserved || category == .columnName
        }
    }

    private static let byName: [String: SQLKeyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The keyword spelled `lowercased` (already folded to lower case), if any.
    public static func lookup(_ lowercased: String) -> SQLKeyword? { byName[lowercased] }
}
