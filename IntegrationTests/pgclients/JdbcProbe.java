// A PgJDBC client for the PostgreSQL wire endpoint's tests (IntegrationTests/pgclients/README.md).
//
//   java -cp DIR:/usr/share/java/postgresql.jar JdbcProbe query|metadata JDBC_URL USER < statements
//
// The password comes from the environment (PROBE_PASSWORD), never the command line. `query` reads SQL statements
// from stdin, separated by the record separator character (U+001E), and runs each through a PreparedStatement
// twice (with prepareThreshold=1 the second execution surely uses the server-prepared statement and binary
// results); it prints one JSON line per statement: {"i", "columns": [{"label", "type"}], "rows", "same_as_first"}
// or {"i", "update_count"} or {"i", "error": {"sqlstate", "message"}}, and goes on after an error.
// `metadata` prints DatabaseMetaData.getTables(null, "public", "%", {"TABLE"}) and
// getColumns(null, "public", "web_events", "%") as {"tables": [...]} and {"columns": [...]} lines.
//
// Values: null, true/false, integers and floats as JSON numbers (NaN and Infinity as Python's json reads them),
// numeric as {"numeric": "plain text"}, intervals as {"interval": [months, days, microseconds]}, arrays as JSON
// lists, bytea as "\x..." text, dates and times in PostgreSQL's ISO text (java.time values, microseconds kept),
// timestamptz in UTC with "+00", every other object as its text (getValue() of a PGobject).
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

public final class JdbcProbe {
    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !(args[0].equals("query") || args[0].equals("metadata"))) {
            System.err.println("usage: JdbcProbe query|metadata JDBC_URL USER (password in PROBE_PASSWORD)");
            System.exit(2);
        }
        Properties props = new Properties();
        props.setProperty("user", args[2]);
        String password = System.getenv("PROBE_PASSWORD");
        props.setProperty("password", password == null ? "" : password);
        try (Connection conn = DriverManager.getConnection(args[1], props)) {
            if (args[0].equals("metadata")) {
                metadata(conn);
            } else {
                String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                int i = 0;
                for (String sql : input.split("\u001e")) {
                    if (sql.isBlank()) {
                        continue;
                    }
                    System.out.println(run(conn, i++, sql.strip()));
                    System.out.flush();
                }
            }
        }
    }

    private static String run(Connection conn, int index, String sql) {
        StringBuilder out = new StringBuilder("{\"i\":").append(index);
        try (PreparedStatement stmt = conn.prepareStatement(sql)) {
            String first = execute(stmt);
            String second = execute(stmt);
            out.append(second).append(",\"same_as_first\":").append(first.equals(second));
        } catch (SQLException e) {
            out.append(",\"error\":{\"sqlstate\":").append(quote(e.getSQLState()))
                .append(",\"message\":").append(quote(e.getMessage())).append('}');
        }
        return out.append('}').toString();
    }

    private static String execute(PreparedStatement stmt) throws SQLException {
        if (!stmt.execute()) {
            return ",\"update_count\":" + stmt.getUpdateCount();
        }
        try (ResultSet rs = stmt.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            StringBuilder out = new StringBuilder(",\"columns\":[");
            for (int c = 1; c <= n; c++) {
                out.append(c > 1 ? "," : "").append("{\"label\":").append(quote(md.getColumnLabel(c)))
                    .append(",\"type\":").append(quote(md.getColumnTypeName(c))).append('}');
            }
            out.append("],\"rows\":[");
            boolean firstRow = true;
            while (rs.next()) {
                out.append(firstRow ? "[" : ",[");
                firstRow = false;
                for (int c = 1; c <= n; c++) {
                    out.append(c > 1 ? "," : "").append(value(rs, c, md.getColumnTypeName(c)));
                }
                out.append(']');
            }
            return out.append(']').toString();
        }
    }

    /** One value, by the column's type name for the temporal types (java.time keeps microseconds). */
    private static String value(ResultSet rs, int c, String type) throws SQLException {
        Object v;
        switch (type) {
            case "date": v = rs.getObject(c, LocalDate.class); break;
            case "time": v = rs.getObject(c, LocalTime.class); break;
            case "timetz": v = rs.getObject(c, OffsetTime.class); break;
            case "timestamp": v = rs.getObject(c, LocalDateTime.class); break;
            case "timestamptz": v = rs.getObject(c, OffsetDateTime.class); break;
            default: v = rs.getObject(c);
        }
        return encode(v);
    }

    static String encode(Object v) throws SQLException {
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Float || v instanceof Double) {
            double d = ((Number) v).doubleValue();
            return Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : v.toString();
        }
        if (v instanceof BigDecimal) {
            return "{\"numeric\":" + quote(((BigDecimal) v).toPlainString()) + "}";
        }
        if (v instanceof byte[]) {
            StringBuilder hex = new StringBuilder("\\x");
            for (byte b : (byte[]) v) {
                hex.append(String.format("%02x", b));
            }
            return quote(hex.toString());
        }
        if (v instanceof PGInterval) {
            PGInterval iv = (PGInterval) v;
            long micros = ((long) iv.getHours() * 3600L + (long) iv.getMinutes() * 60L) * 1_000_000L
                + Math.round(iv.getSeconds() * 1_000_000.0);
            return "{\"interval\":[" + (iv.getYears() * 12L + iv.getMonths()) + "," + iv.getDays() + "," + micros + "]}";
        }
        if (v instanceof java.sql.Array) {
            return encodeArray(((java.sql.Array) v).getArray());
        }
        if (v instanceof LocalDate) {
            return quote(v.toString());
        }
        if (v instanceof java.sql.Date) {
            return quote(((java.sql.Date) v).toLocalDate().toString());
        }
        if (v instanceof LocalTime) {
            return quote(time((LocalTime) v));
        }
        if (v instanceof java.sql.Time) {
            return quote(time(((java.sql.Time) v).toLocalTime()));
        }
        if (v instanceof OffsetTime) {
            OffsetTime t = (OffsetTime) v;
            return quote(time(t.toLocalTime()) + offset(t.getOffset()));
        }
        if (v instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) v;
            return quote(t.toLocalDate() + " " + time(t.toLocalTime()));
        }
        if (v instanceof java.sql.Timestamp) {
            LocalDateTime t = ((java.sql.Timestamp) v).toLocalDateTime();
            return quote(t.toLocalDate() + " " + time(t.toLocalTime()));
        }
        if (v instanceof OffsetDateTime) {
            OffsetDateTime t = ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC);
            return quote(t.toLocalDate() + " " + time(t.toLocalTime()) + "+00");
        }
        if (v instanceof PGobject) {
            return quote(((PGobject) v).getValue());
        }
        return quote(v.toString());
    }

    private static String encodeArray(Object array) throws SQLException {
        StringBuilder out = new StringBuilder("[");
        int n = Array.getLength(array);
        for (int k = 0; k < n; k++) {
            Object item = Array.get(array, k);
            out.append(k > 0 ? "," : "").append(item != null && item.getClass().isArray() && !(item instanceof byte[])
                ? encodeArray(item) : encode(item));
        }
        return out.append(']').toString();
    }

    /** HH:MM:SS with the fraction's trailing zeros dropped, as PostgreSQL prints times. */
    private static String time(LocalTime t) {
        String text = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            return text;
        }
        String frac = String.format("%06d", micros).replaceAll("0+$", "");
        return text + "." + frac;
    }

    private static String offset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        int abs = Math.abs(total);
        String text = (total < 0 ? "-" : "+") + String.format("%02d", abs / 3600);
        if (abs % 3600 != 0) {
            text += String.format(":%02d", (abs % 3600) / 60);
        }
        return text;
    }

    private static void metadata(Connection conn) throws SQLException {
        DatabaseMetaData md = conn.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add("[" + quote(rs.getString("TABLE_SCHEM")) + "," + quote(rs.getString("TABLE_NAME")) + ","
                    + quote(rs.getString("TABLE_TYPE")) + "]");
            }
        }
        System.out.println("{\"tables\":[" + String.join(",", tables) + "]}");
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, "public", "web_events", "%")) {
            while (rs.next()) {
                columns.add("[" + quote(rs.getString("TABLE_NAME")) + "," + quote(rs.getString("COLUMN_NAME")) + ","
                    + quote(rs.getString("TYPE_NAME")) + "," + rs.getInt("DATA_TYPE") + "]");
            }
        }
        System.out.println("{\"columns\":[" + String.join(",", columns) + "]}");
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
            }
        }
        return out.append('"').toString();
    }
}
