package dev.relay.benchmarks.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** What the end-to-end driver and the A/B harnesses share: the direct-JDBC baseline and the median. */
public final class Measure {

    private Measure() {
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
