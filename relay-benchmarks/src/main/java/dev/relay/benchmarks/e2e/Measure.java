package dev.relay.benchmarks.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the end-to-end driver and the A/B harnesses share: the wide table, the direct-JDBC
 * baseline and the median.
 */
public final class Measure {

    private Measure() {
    }

    /**
     * The wide scenario's table: {@code wide}, {@code rows} rows of an id and 10 text columns;
     * every 50th cell of c2 and c5 is PII (2 % of all cells), the rest plain text. Two statements:
     * create, fill.
     */
    public static String[] wideTable(int rows) {
        return new String[] {
            "CREATE TABLE wide (id bigint PRIMARY KEY, c1 text, c2 text, c3 text, c4 text, c5 text,"
                    + " c6 text, c7 text, c8 text, c9 text)",
            "INSERT INTO wide SELECT g,"
                    + " 'order ' || g || ' shipped to warehouse ' || (g % 17),"
                    + " CASE WHEN g % 5 = 0 THEN 'contact user' || g || '@mail.example.org' ELSE 'note ' || md5(g::text) END,"
                    + " 'status ok', 'region-' || (g % 9), "
                    + " CASE WHEN g % 5 = 1 THEN 'card 4111 1111 1111 1111 on file' ELSE 'sku-' || (g * 7) END,"
                    + " repeat('x', 24), 'v1.2.' || (g % 100), (g * 13)::text, now()::date::text"
                    + " FROM generate_series(1, " + rows + ") g"};
    }

    /**
     * The direct-JDBC side of every comparison: runs {@code sql} and reads every cell of every row
     * with {@code getString} (fetch size 1000), as a client that wants the values must; returns the
     * row count.
     */
    public static int readEveryCell(DataSource direct, String sql) throws SQLException {
        try (Connection c = direct.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        rs.getString(i);
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    /** The median of {@code values}; NaN when there are none. */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
