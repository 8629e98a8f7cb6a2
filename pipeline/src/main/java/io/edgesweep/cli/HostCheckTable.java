package io.edgesweep.cli;

import io.edgesweep.evaluate.ActivationConversionCost;
import io.edgesweep.evaluate.DeviceProfile;
import io.edgesweep.evaluate.LayerKindCost;
import io.edgesweep.measure.HostCheck;
import io.edgesweep.measure.HostVariants;
import io.edgesweep.measure.LatencyMeter;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Prints the host check as a user reads it: one row per variant and batch, then the shares and the factors. */
final class HostCheckTable {
  private HostCheckTable() {}

  static void print(PrintStream out, HostCheck.Result result, String command) {
    List<HostCheck.Row> rows = result.rows();
    int modelWidth = Math.max(5, rows.stream().mapToInt(r -> r.model().length()).max().orElse(5));
    int variantWidth = Math.max(7, rows.stream().mapToInt(r -> r.variant().length()).max().orElse(7));
    LatencyMeter.Run run = result.measurement();
    String statistic = rows.isEmpty() ? "median" : rows.get(0).figure().statistic().toString();
    out.println();
    out.println("$ " + command);
    out.println(result.verdict().statement());
    out.printf(Locale.ROOT, "%d PyTorch thread%s; %d timed calls per row, interleaved round-robin; measured = the %s of the calls during which the "
        + "timing thread kept its core (undisturbed), p10-p90 over all calls; noise = bootstrap standard error of the measured figure; "
        + "1-minute load average %.2f-%.2f during timing (mean %.2f; the timing thread itself adds about 1); %.0f s%n", run.threads(),
        run.threads() == 1 ? "" : "s", rows.isEmpty() ? 0 : rows.get(0).measured().count(), statistic, run.minLoad(), run.maxLoad(), run.meanLoad(),
        run.seconds());
    out.println("fit = the profile fitted to all reliable rows; held out = fitted to all variants but this one (leave one variant out); "
        + "! marks unreliable rows (noisier than ±12.5%, or undisturbed for under a fifth of their calls): not fitted, not judged");
    out.println();
    String header = String.format(Locale.ROOT, "%-" + modelWidth + "s  %-" + variantWidth + "s  %5s  %11s  %6s  %11s  %19s  %9s  %7s  %11s  %7s",
        "model", "variant", "batch", "measured ms", "noise", "undisturbed", "p10-p90 ms", "fit ms", "error", "held-out ms", "error");
    out.println(header);
    out.println("-".repeat(header.length()));
    for (HostCheck.Row r : rows) {
      out.printf(Locale.ROOT, "%-" + modelWidth + "s  %-" + variantWidth + "s  %5d  %11s  %5.1f%%  %10s  %19s  %9s  %6.1f%%  %11s  %6.1f%%%s%s%n",
          r.model(), r.variant(), r.batch(), ms(r.figure().ms()), 100 * r.figure().noise(),
          Double.isNaN(r.figure().undisturbedShare()) ? "?" : String.format(Locale.ROOT, "%.0f%%", 100 * r.figure().undisturbedShare()),
          ms(r.measured().p10Ms()) + "-" + ms(r.measured().p90Ms()), ms(r.fittedMs()), 100 * r.fittedError(),
          ms(r.heldOutMs()), 100 * r.heldOutError(), Math.abs(r.heldOutError()) > HostCheck.TOLERANCE ? "  *" : "", r.figure().unreliable() ? "  !" : "");
    }
    out.println();
    int n = rows.size();
    out.printf(Locale.ROOT, "within ±25%%, held out (leave one variant out): %d of %d rows (%.0f%%; target 80%%), median |error| %.1f%%%n",
        result.heldOutWithin(), n, 100.0 * result.heldOutWithin() / n, 100 * medianAbsolute(rows, HostCheck.Row::heldOutError));
    if (result.reliableRows().size() < n) {
      out.printf(Locale.ROOT, "within ±25%%, held out, reliable rows only:       %d of %d rows (%.0f%%), median |error| %.1f%%%n",
          result.reliableHeldOutWithin(), result.reliableRows().size(), 100.0 * result.reliableHeldOutWithin() / result.reliableRows().size(),
          100 * medianAbsolute(result.reliableRows(), HostCheck.Row::heldOutError));
    }
    out.printf(Locale.ROOT, "within ±25%%, in sample (one fit to the reliable rows): %d of %d rows (%.0f%%), median |error| %.1f%%%n",
        result.fittedWithin(), n, 100.0 * result.fittedWithin() / n, 100 * medianAbsolute(rows, HostCheck.Row::fittedError));
    if (rows.stream().map(HostCheck.Row::model).distinct().count() > 1) {
      out.printf(Locale.ROOT, "within ±25%%, family held out (fit without the teacher and all its variants): %d of %d rows (%.0f%%), median |error| %.1f%%%n",
          result.familyHeldOutWithin(), n, 100.0 * result.familyHeldOutWithin() / n, 100 * medianAbsolute(rows, HostCheck.Row::familyHeldOutError));
    }
    out.printf(Locale.ROOT, "within ±25%%, the profile before this fit (%s): %d of %d rows (%.0f%%), median |error| %.1f%%%n",
        result.previous().efficiencyFitted() ? "fitted earlier" : "placeholders", result.previousWithin(), n,
        100.0 * result.previousWithin() / n, 100 * medianAbsolute(rows, HostCheck.Row::previousError));
    for (HostVariants.Kind kind : HostVariants.Kind.values()) {
      List<HostCheck.Row> ofKind = rows.stream().filter(r -> r.kind() == kind).toList();
      if (!ofKind.isEmpty()) {
        long within = ofKind.stream().filter(r -> Math.abs(r.heldOutError()) <= HostCheck.TOLERANCE).count();
        out.printf(Locale.ROOT, "  %-32s %3d of %3d held out within ±25%%%n", kind.description(), within, ofKind.size());
      }
    }
    for (int batch : rows.stream().mapToInt(HostCheck.Row::batch).distinct().toArray()) {
      List<HostCheck.Row> ofBatch = rows.stream().filter(r -> r.batch() == batch).toList();
      long within = ofBatch.stream().filter(r -> Math.abs(r.heldOutError()) <= HostCheck.TOLERANCE).count();
      out.printf(Locale.ROOT, "  %-32s %3d of %3d held out within ±25%%%n", "batch " + batch, within, ofBatch.size());
    }
    List<String> models = rows.stream().map(HostCheck.Row::model).distinct().toList();
    if (models.size() > 1) {
      for (String model : models) {
        List<HostCheck.Row> ofModel = rows.stream().filter(r -> r.model().equals(model)).toList();
        long within = ofModel.stream().filter(r -> Math.abs(r.heldOutError()) <= HostCheck.TOLERANCE).count();
        long familyWithin = ofModel.stream().filter(r -> Math.abs(r.familyHeldOutError()) <= HostCheck.TOLERANCE).count();
        out.printf(Locale.ROOT, "  %-38s %3d of %3d held out, %3d with the family held out%n", model, within, ofModel.size(), familyWithin);
      }
    }
    HostCheck.Row worst = rows.stream().max(Comparator.comparingDouble(r -> Math.abs(r.heldOutError()))).orElse(null);
    if (worst != null) {
      out.printf(Locale.ROOT, "largest held-out error: %+.1f%% (%s %s, batch %d)%n", 100 * worst.heldOutError(), worst.model(), worst.variant(), worst.batch());
    }
    out.println();
    printFactors(out, result.profile(), result.fit().fittedTerms());
    out.println();
    out.println(result.verdict().statement());
  }

  static void printFactors(PrintStream out, DeviceProfile p, List<String> fitted) {
    out.printf(Locale.ROOT, "fitted %s profile (peaks: %s MAC/s, %.3g B/s; fitted terms: %s)%n", p.id(), p.peakMacsPerSecond(),
        p.bandwidthBytesPerSecond(), String.join(", ", fitted));
    p.computeEfficiency().forEach((precision, e) -> out.printf(Locale.ROOT, "  compute efficiency %-6s %.4g%n", precision, e));
    out.printf(Locale.ROOT, "  memory efficiency         %.4g%n", p.memoryEfficiency());
    out.printf(Locale.ROOT, "  dense layer overhead      %.4g ms%n", p.layerOverheadSeconds() * 1e3);
    for (Map.Entry<String, LayerKindCost> e : p.layerKinds().entrySet()) {
      out.printf(Locale.ROOT, "  %-8s relative speed %.4g, overhead %.4g ms%n", e.getKey(), e.getValue().relativeSpeed(), e.getValue().overheadSeconds() * 1e3);
    }
    for (Map.Entry<String, ActivationConversionCost> e : p.activationConversion().entrySet()) {
      out.printf(Locale.ROOT, "  %-4s activations: conversion %.4g ms per layer + %.4g ns per value%n", e.getKey(),
          e.getValue().overheadSeconds() * 1e3, e.getValue().secondsPerValue() * 1e9);
    }
  }

  static double medianAbsolute(List<HostCheck.Row> rows, ToDoubleFunction<HostCheck.Row> error) {
    double[] values = rows.stream().mapToDouble(r -> Math.abs(error.applyAsDouble(r))).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** Milliseconds with four significant digits, so that 0.01 ms and 10 ms rows read alike. */
  static String ms(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.3f", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
