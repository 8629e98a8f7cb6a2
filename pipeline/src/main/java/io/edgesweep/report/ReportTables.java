package io.edgesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.evaluate.AccuracyEstimate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's tables, built from a run folder: the run summary, the stage counts, the teacher,
 * the picks, and per device the Pareto front.
 */
final class ReportTables {
  private ReportTables() {}

  static ReportTable summary(RunFolder run) {
    JsonNode s = run.summary();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("run", run.name()));
    rows.add(List.of("spec", s.path("spec").asText() + " (SHA-256 " + s.path("spec_sha256").asText() + ")"));
    rows.add(List.of("command", s.path("command").asText()));
    rows.add(List.of("started", s.path("started").asText()));
    rows.add(List.of("wall time", Units.seconds(s.path("wall_seconds").asDouble())));
    rows.add(List.of("runner", s.path("runner").asText() + ", parallelism " + s.path("parallelism").asText()
        + ", " + s.path("djl_threads").asText() + " PyTorch thread(s) per worker"));
    rows.add(List.of("data", s.path("data").asText()));
    rows.add(List.of("artifact store", s.path("artifact_store").asText()));
    JsonNode g = s.path("grid");
    rows.add(List.of("grid", String.format(Locale.ROOT, "%d variants from %d distillations, %d prunes and %d distinct leaves",
        g.path("variants").asInt(), g.path("distill_runs").asInt(), g.path("prune_runs").asInt(), g.path("leaves").asInt())));
    rows.add(List.of("devices", String.join(", ", run.devices().stream().map(DeviceResult::id).toList())));
    return new ReportTable("summary", "The run", List.of("", ""), rows);
  }

  static ReportTable stageCounts(RunFolder run) {
    JsonNode counts = run.summary().path("stage_counts");
    List<List<String>> rows = new ArrayList<>();
    for (String stage : List.of("teacher", "logits", "distill", "prune", "quantize", "evaluate")) {
      rows.add(List.of(stage, count(counts, stage + "_computed"), count(counts, stage + "_reused"), count(counts, stage + "_passed_through")));
    }
    return new ReportTable("stage-counts", "Stage runs: each distinct stage runs once, however many variants share it; "
        + run.summary().path("grid").path("naive_runs_per_stage").asText() + " per stage if every variant ran its own",
        List.of("stage", "computed", "reused from the store", "passed through"), rows);
  }

  /** Wall and CPU seconds per stage (run.json's stage_times), in the order the job ran them. */
  static ReportTable stageTimes(RunFolder run) {
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = run.summary().path("stage_times").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> stage = it.next();
      JsonNode t = stage.getValue();
      rows.add(List.of(stage.getKey(), Units.seconds(t.path("wall_seconds").asDouble()),
          Units.seconds(t.path("cpu_seconds").asDouble()), t.path("tasks").asText(),
          t.has("gflop") ? String.format(Locale.ROOT, "%.1f", t.path("gflop").asDouble()) : "",
          t.has("gflop_per_cpu_second") ? String.format(Locale.ROOT, "%.1f", t.path("gflop_per_cpu_second").asDouble()) : ""));
    }
    return new ReportTable("stage-times", "Stage times: each stage's own time summed over its tasks (CPU of the task threads); "
        + "the job took " + Units.seconds(run.summary().path("wall_seconds").asDouble()) + " wall and "
        + Units.seconds(run.summary().path("process_cpu_seconds").asDouble()) + " CPU of this process. "
        + "GFLOP: the models' products, 2 per multiply-add, a training step as three forward passes",
        List.of("stage", "wall", "CPU", "tasks", "GFLOP", "GFLOP/s per CPU-s"), rows);
  }

  static ReportTable teacher(RunFolder run) {
    JsonNode t = run.summary().path("teacher");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("architecture", t.path("arch").asText()));
    rows.add(List.of("parameters", String.format(Locale.ROOT, "%,d", t.path("parameters").asLong())));
    for (Iterator<Map.Entry<String, JsonNode>> it = t.path("metrics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      String value = m.getKey().endsWith("accuracy") ? Units.percent(m.getValue().asDouble()) : m.getValue().asText();
      rows.add(List.of(m.getKey().replace('_', ' '), value));
    }
    rows.add(List.of("store key", t.path("key").asText()));
    return new ReportTable("teacher", "The teacher", List.of("", ""), rows);
  }

  static ReportTable picks(RunFolder run) {
    List<List<String>> rows = new ArrayList<>();
    for (DeviceResult d : run.devices()) {
      if (!d.hasPick()) {
        DeviceResult.Floor f = d.floor();
        String why = f != null && f.compared() > 0 && f.closest() != null
            ? String.format(Locale.ROOT, "no variant meets the %s floor with confidence; closest: %s (%s, lower bound %s)",
                Units.percent(d.limits().minAccuracy()), f.closest(), Units.percent(f.closestAccuracy()), Units.percent(f.closestLowerBound()))
            : "no variant meets the constraints";
        rows.add(List.of(d.id(), d.deviceClass(), d.objective().toString(), "none", why, "", "", "", "", "", "", "", "", "",
            String.join(", ", d.binding()), ""));
        continue;
      }
      VariantRow v = run.variant(d.pick());
      VariantRow.OnDevice on = v.on(d.id());
      AccuracyEstimate test = d.testAccuracy();
      DeviceResult.Floor f = d.floor();
      String bound = f == null || Double.isNaN(f.pickLowerBound()) ? ""
          : String.format(Locale.ROOT, "%s (%s over %d)", Units.percent(f.pickLowerBound()), f.check(), f.compared());
      Boolean meets = d.testMeetsFloor();
      rows.add(List.of(d.id(), d.deviceClass(), d.objective().toString(), v.id(), v.describe(), accuracy(v.accuracy()),
          test == null ? "" : accuracy(test), test == null ? "" : String.format(Locale.ROOT, "%+.2f pt", 100 * d.optimism(v.accuracy())),
          bound, meets == null ? "" : (meets ? "yes" : "NO") + " (floor " + Units.percent(d.limits().minAccuracy()) + ")",
          Units.bytes(on.bytes()) + " " + on.storageFormat(), Units.ms(on.latencyMs()),
          d.energy(on.energyJoules()), Units.bytes(on.peakRamBytes()), d.binding().isEmpty() ? "nothing" : String.join(", ", d.binding()),
          RunFolder.MODELS + "/" + d.id() + "/"));
    }
    return new ReportTable("picks", "The pick per device; test accuracy is measured once, after the choice, on a split selection never saw; "
        + "optimism = validation − test; the floor is met when the exact lower bound (Holm-corrected over the variants compared) is at least the floor",
        List.of("device", "class", "objective", "pick", "model", "validation accuracy (95% CI)", "test accuracy (95% CI)", "optimism",
            "floor lower bound", "test meets floor", "bytes",
            "latency", "energy", "peak RAM", "bound by", "exported to"), rows);
  }

  static ReportTable front(RunFolder run, DeviceResult d) {
    List<List<String>> rows = new ArrayList<>();
    List<String> stageColumns = new ArrayList<>();
    for (String id : d.front()) {
      VariantRow v = run.variant(id);
      if (stageColumns.isEmpty()) {
        stageColumns.addAll(shownCoordinates(v));
      }
      VariantRow.OnDevice on = v.on(d.id());
      List<String> row = new ArrayList<>();
      row.add(id + (id.equals(d.pick()) ? " (pick)" : ""));
      stageColumns.forEach(c -> row.add(v.coordinates().get(c)));
      row.addAll(List.of(accuracy(v.accuracy()), Units.bytes(on.bytes()) + " " + on.storageFormat(), Units.ms(on.latencyMs()),
          d.energy(on.energyJoules()), Units.bytes(on.peakRamBytes()), on.feasible() ? "yes" : "no: " + on.violations()));
      rows.add(row);
    }
    List<String> headers = new ArrayList<>();
    headers.add("variant");
    stageColumns.forEach(c -> headers.add(c.replace('_', ' ')));
    headers.addAll(List.of("validation accuracy (95% CI)", "bytes", "latency", "energy", "peak RAM", "fits"));
    return new ReportTable("front-" + d.id(), "Pareto front of the feasible variants over accuracy, bytes and latency, smallest first",
        headers, rows);
  }

  /** The stage columns a table shows: all but a number that has a {@code _label} twin written for people. */
  static List<String> shownCoordinates(VariantRow v) {
    return v.coordinates().keySet().stream().filter(c -> !v.coordinates().containsKey(c + "_label")).toList();
  }

  /** The sentences under a device's front: indistinguishable neighbours, or that there are none. */
  static List<String> notes(RunFolder run, DeviceResult d) {
    List<String> notes = new ArrayList<>();
    for (DeviceResult.Neighbours n : d.indistinguishable()) {
      VariantRow a = run.variant(n.smaller());
      VariantRow b = run.variant(n.larger());
      notes.add(String.format(Locale.ROOT,
          "%s (%s) and %s (%s) are front neighbours whose accuracies a two-proportion z-test cannot tell apart (p = %.2f ≥ 0.05): "
              + "the larger buys no accuracy these %d validation examples can show.",
          a.id(), Units.percent(a.accuracy().accuracy()), b.id(), Units.percent(b.accuracy().accuracy()), n.pValue(), a.accuracy().n()));
    }
    if (notes.isEmpty() && d.front().size() > 1) {
      notes.add("Every pair of front neighbours differs in accuracy at the 5% level (two-proportion z-test).");
    }
    return notes;
  }

  static String limits(DeviceResult d) {
    io.edgesweep.evaluate.SelectionRule rule = d.limits().rule();
    String floor = rule.floorCheck() == io.edgesweep.evaluate.SelectionRule.FloorCheck.HOLM
        ? String.format(Locale.ROOT, " with %.0f%% confidence over the variants compared", 100 * rule.floorConfidence())
        : " (point estimate)";
    return String.format(Locale.ROOT, "%s (%s), objective %s. Policy: accuracy ≥ %s%s, model ≤ %s, latency ≤ %s. Hardware: %s RAM, %s storage, reads %s. "
            + "%d of %d variants are feasible, %d on the front.",
        d.name(), d.deviceClass(), d.objective(), Units.percent(d.limits().minAccuracy()), floor, Units.bytes(d.limits().maxModelBytes()),
        Units.ms(d.limits().maxLatencyMs()), Units.bytes(d.ramBytes()), Units.bytes(d.storageBytes()),
        String.join(", ", d.storageFormats().stream().map(f -> f.yamlName()).toList()), d.feasible(), d.variants(), d.front().size());
  }

  static String accuracy(AccuracyEstimate a) {
    return Units.accuracy(a.accuracy(), a.low(), a.high());
  }

  private static String count(JsonNode counts, String key) {
    return counts.has(key) ? counts.path(key).asText() : "0";
  }
}
