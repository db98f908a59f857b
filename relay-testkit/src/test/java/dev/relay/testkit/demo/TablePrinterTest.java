package dev.relay.testkit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

  private final ObjectMapper json = new ObjectMapper();
  private final TablePrinter printer = new TablePrinter(20);

  @Test
  void prints_sql_results_with_a_metadata_line() throws Exception {
    String out = printer.response(json.readTree("""
        {"jsonrpc":"2.0","id":1,"result":{
          "columns":[{"name":"id","type":"int8"},{"name":"email","type":"text"}],
          "rows":[[1,"***@***.***"],[2,null]],
          "metadata":{"requestId":"r1","rowCount":2,"clamped":true,"truncatedBy":"rows","maxRows":2,
                      "maskedFieldCount":1,"executionTimeMs":3}}}"""));
    assertThat(out).isEqualTo("""
        +----+-------------+
        | id | email       |
        +----+-------------+
        | 1  | ***@***.*** |
        | 2  | null        |
        +----+-------------+
        -- 2 row(s) | CLAMPED by rows (maxRows 2) | 1 field(s) masked | 3 ms | requestId r1
        """);
  }

  @Test
  void prints_documents_with_nested_values_as_json_and_wraps_long_cells() throws Exception {
    String out = printer.result(json.readTree("""
        {"documents":[{"_id":"a","contact":{"email":"***@***.***"}},
                      {"_id":"b","note":"a rather long note that needs wrapping here"}]}"""));
    assertThat(out).contains("| _id | contact ").contains("| {\"email\":\"***@***.** |")
        .contains("| a rather long note   |").contains("| that needs wrapping  |");
  }

  @Test
  void prints_errors_with_reason_and_detail() throws Exception {
    String out = printer.response(json.readTree("""
        {"jsonrpc":"2.0","id":2,"error":{"code":-32003,"message":"Request rejected by policy engine",
         "data":{"reason":"QUERY_BLOCKED","detail":"Statement contains blocked keyword: DELETE"}}}"""));
    assertThat(out).isEqualTo("""
        REJECTED  QUERY_BLOCKED (-32003) Request rejected by policy engine
                  detail: Statement contains blocked keyword: DELETE
        """);
  }

  @Test
  void prints_scalars_and_lists_of_objects_of_other_results() throws Exception {
    String out = printer.result(json.readTree("""
        {"table":"payments","columns":[{"name":"id","type":"int8","nullable":false}],"rowEstimate":400}"""));
    assertThat(out).contains("table: payments").contains("columns:").contains("| id   | int8 | false    |")
        .contains("rowEstimate: 400");
  }

  @Test
  void wraps_at_spaces_and_cuts_long_words() {
    assertThat(TablePrinter.wrap("aaaa bbbb cccc", 9)).containsExactly("aaaa bbbb", "cccc");
    assertThat(TablePrinter.wrap("abcdefghijkl", 5)).containsExactly("abcde", "fghij", "kl");
    assertThat(TablePrinter.wrap("", 5)).containsExactly("");
    assertThat(printer.table(List.of("a"), List.of())).isEqualTo("+---+\n| a |\n+---+\n");
  }
}
