package dev.relay.testkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders relay replies as plain-text tables for people: SQL results (columns and rows), MongoDB
 * documents (one column per top-level field), lists of objects (resources, columns of a table),
 * result metadata as one summary line, and JSON-RPC errors with their reason and detail. Long cells
 * wrap. ASCII only, so it reads the same in every terminal and log.
 */
public final class TablePrinter {

  private final int maxCellWidth;

  /** Cells wrap at 48 characters. */
  public TablePrinter() {
    this(48);
  }

  public TablePrinter(int maxCellWidth) {
    if (maxCellWidth < 8) {
      throw new IllegalArgumentException("maxCellWidth: must be at least 8, was " + maxCellWidth);
    }
    this.maxCellWidth = maxCellWidth;
  }

  /** A whole JSON-RPC response: its {@code result} rendered by {@link #result}, or its {@code error}. */
  public String response(JsonNode response) {
    if (response.has("error")) {
      return error(response.get("error"));
    }
    return result(response.path("result"));
  }

  /** A JSON-RPC error: code, reason, detail. */
  public String error(JsonNode error) {
    JsonNode data = error.path("data");
    StringBuilder sb = new StringBuilder("REJECTED  ");
    if (data.hasNonNull("reason")) {
      sb.append(data.get("reason").asText()).append(' ');
    }
    sb.append('(').append(error.path("code").asInt()).append(") ").append(error.path("message").asText());
    if (data.hasNonNull("detail")) {
      sb.append("\n          detail: ").append(data.get("detail").asText());
    }
    return sb.append('\n').toString();
  }

  /**
   * A result object: {@code columns}+{@code rows} as one table; {@code documents} as a table of
   * their top-level fields; any other array of objects as a table; scalars as {@code key: value};
   * {@code metadata} as a closing summary line.
   */
  public String result(JsonNode result) {
    StringBuilder sb = new StringBuilder();
    if (!result.isObject()) {
      return text(result) + "\n";
    }
    if (result.path("columns").isArray() && result.path("rows").isArray()) {
      List<String> headers = new ArrayList<>();
      for (JsonNode c : result.get("columns")) {
        headers.add(c.isObject() ? c.path("name").asText() : c.asText());
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode r : result.get("rows")) {
        List<String> cells = new ArrayList<>();
        for (JsonNode v : r) {
          cells.add(text(v));
        }
        rows.add(cells);
      }
      sb.append(table(headers, rows));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = result.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey();
      JsonNode v = f.getValue();
      if (key.equals("metadata") || (key.equals("rows") || key.equals("columns")) && result.path("rows").isArray()
          && result.path("columns").isArray()) {
        continue;
      }
      if (v.isArray() && !v.isEmpty() && allObjects(v)) {
        if (!key.equals("documents") && !key.equals("resources")) {
          sb.append(key).append(":\n");
        }
        sb.append(objects(v));
      } else if (v.isArray() && v.isEmpty()) {
        sb.append(key).append(": (none)\n");
      } else if (v.isObject() && hasTable(v)) {
        sb.append(key).append(":\n").append(result(v));
      } else {
        sb.append(key).append(": ").append(text(v)).append('\n');
      }
    }
    if (result.path("metadata").isObject()) {
      sb.append(metadata(result.get("metadata")));
    }
    return sb.toString();
  }

  /** The summary line of a result's {@code metadata}. */
  public String metadata(JsonNode metadata) {
    List<String> parts = new ArrayList<>();
    if (metadata.has("rowCount")) {
      parts.add(metadata.get("rowCount").asText() + " row(s)");
    }
    if (metadata.path("clamped").asBoolean(false)) {
      String by = metadata.path("truncatedBy").asText("rows");
      parts.add("CLAMPED by " + by + (metadata.has("maxRows") ? " (maxRows " + metadata.get("maxRows").asText() + ")" : ""));
    } else if (metadata.has("clamped")) {
      parts.add("not clamped");
    }
    if (metadata.has("maskedFieldCount")) {
      parts.add(metadata.get("maskedFieldCount").asText() + " field(s) masked");
    }
    if (metadata.has("executionTimeMs")) {
      parts.add(metadata.get("executionTimeMs").asText() + " ms");
    }
    if (metadata.has("requestId")) {
      parts.add("requestId " + metadata.get("requestId").asText());
    }
    return parts.isEmpty() ? "" : "-- " + String.join(" | ", parts) + "\n";
  }

  /** An array of objects as a table, one column per key seen (in first-seen order). */
  public String objects(JsonNode array) {
    Set<String> keys = new LinkedHashSet<>();
    for (JsonNode o : array) {
      o.fieldNames().forEachRemaining(keys::add);
    }
    List<String> headers = new ArrayList<>(keys);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode o : array) {
      List<String> cells = new ArrayList<>();
      for (String k : headers) {
        cells.add(o.has(k) ? text(o.get(k)) : "");
      }
      rows.add(cells);
    }
    return table(headers, rows);
  }

  /** A table with a header row; cells longer than the maximum width wrap onto more lines. */
  public String table(List<String> headers, List<List<String>> rows) {
    int n = headers.size();
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = Math.min(maxCellWidth, Math.max(1, headers.get(i).length()));
    }
    for (List<String> row : rows) {
      for (int i = 0; i < n && i < row.size(); i++) {
        for (String line : row.get(i).split("\n", -1)) {
          width[i] = Math.min(maxCellWidth, Math.max(width[i], line.length()));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    String rule = rule(width);
    sb.append(rule);
    line(sb, headers, width);
    sb.append(rule);
    for (List<String> row : rows) {
      line(sb, row, width);
    }
    if (!rows.isEmpty()) {
      sb.append(rule);
    }
    return sb.toString();
  }

  private static String rule(int[] width) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : width) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.append('\n').toString();
  }

  private void line(StringBuilder sb, List<String> cells, int[] width) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < width.length; i++) {
      List<String> lines = wrap(i < cells.size() ? cells.get(i) : "", width[i]);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int l = 0; l < height; l++) {
      sb.append('|');
      for (int i = 0; i < width.length; i++) {
        List<String> lines = wrapped.get(i);
        String text = l < lines.size() ? lines.get(l) : "";
        sb.append(' ').append(text).append(" ".repeat(width[i] - text.length())).append(" |");
      }
      sb.append('\n');
    }
  }

  /** Splits text into lines of at most {@code width}, breaking at spaces where it can. */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    for (String para : text.split("\n", -1)) {
      String rest = para;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        if (cut <= width / 3) {
          cut = width;
          out.add(rest.substring(0, cut));
          rest = rest.substring(cut);
        } else {
          out.add(rest.substring(0, cut));
          rest = rest.substring(cut + 1);
        }
      }
      out.add(rest);
    }
    return out;
  }

  /** A cell's text: strings as they are, null as {@code null}, containers as compact JSON. */
  public static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isTextual()) {
      return v.asText().replace("\r", "").replace("\t", " ");
    }
    return v.toString();
  }

  private static boolean hasTable(JsonNode object) {
    for (JsonNode v : object) {
      if (v.isArray() && !v.isEmpty() && allObjects(v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode o : array) {
      if (!o.isObject()) {
        return false;
      }
    }
    return true;
  }
}
