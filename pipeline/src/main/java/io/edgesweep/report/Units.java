package io.edgesweep.report;

import java.util.Locale;

/** How the report writes sizes, times, energies and accuracies: one way everywhere. */
public final class Units {
  private Units() {}

  public static String bytes(long b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
    }
    if (b >= 1 << 20) {
      return String.format(Locale.ROOT, "%.2f MiB", b / 1048576.0);
    }
    if (b >= 1 << 10) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return b + " B";
  }

  /** Milliseconds with three significant digits. */
  static String ms(double ms) {
    return significant(ms) + " ms";
  }

  static String energy(double joules) {
    if (joules >= 1e-3) {
      return significant(joules * 1e3) + " mJ";
    }
    if (joules >= 1e-6) {
      return significant(joules * 1e6) + " µJ";
    }
    return significant(joules * 1e9) + " nJ";
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  /** Accuracy with its 95% interval: {@code 82.80% [80.34, 85.01]}. */
  static String accuracy(double accuracy, double low, double high) {
    return String.format(Locale.ROOT, "%.2f%% [%.2f, %.2f]", 100 * accuracy, 100 * low, 100 * high);
  }

  static String seconds(double s) {
    long whole = Math.round(s);
    return whole >= 60 ? String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60) : String.format(Locale.ROOT, "%.1f s", s);
  }

  static String significant(double value) {
    if (value == 0) {
      return "0";
    }
    int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(value))));
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }
}
