package io.unum.orchestrator.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns sized to their widest cell, like kubectl's. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private int[] minimum = new int[0];

  Table(String... header) {
    rows.add(header);
  }

  /** Columns at least this wide, so that rows printed in batches (a followed log) stay aligned. */
  Table atLeast(int... widths) {
    minimum = widths.clone();
    return this;
  }

  Table row(Object... cells) {
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(text);
    return this;
  }

  void print(PrintStream out) {
    print(out, true);
  }

  /** Prints the rows, after the header when {@code header}. */
  void print(PrintStream out, boolean header) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    System.arraycopy(minimum, 0, widths, 0, Math.min(columns, minimum.length));
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : header ? rows : rows.subList(1, rows.size())) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
