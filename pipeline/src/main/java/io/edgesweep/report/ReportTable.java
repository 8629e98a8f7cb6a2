package io.edgesweep.report;

import java.util.List;

/**
 * A table of the report in plain strings, rendered the same way as HTML and as Markdown.
 *
 * @param id the HTML id of the table, stable so that scripts and tests can find it
 * @param caption one line saying what the table shows
 */
record ReportTable(String id, String caption, List<String> header, List<List<String>> rows) {
  ReportTable {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException(id + ": a row has " + row.size() + " cells, the header " + header.size());
      }
    }
  }
}
