package io.edgesweep.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.select.Candidate;
import io.edgesweep.select.ParetoFront;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A run of many variants made from a real run's rows, for the report's size and speed at scale.
 *
 * <p>Sweeping 12,960 variants takes minutes; the report only needs rows that look like a sweep's.
 * Each synthetic row copies a row of a real run (round robin), jitters its accuracy, bytes and
 * latency (seeded), and then every device's front, pick and flags are recomputed with the
 * sweep's own {@link ParetoFront}, so the plots and tables show what a real run of that size
 * would. Rows are copied field by field through the records' components, so a column added to
 * {@link VariantRow} later is carried over without a change here. Used by the report tests and by
 * bench/ReportBenchmark.java.
 */
public final class SyntheticRun {
  private SyntheticRun() {}

  public static RunFolder widen(RunFolder template, int variants, long seed) {
    Random random = new Random(seed);
    List<VariantRow> rows = new ArrayList<>(variants);
    for (int i = 0; i < variants; i++) {
      VariantRow t = template.variants().get(i % template.variants().size());
      AccuracyEstimate a = t.accuracy();
      long correct = Math.max(0, Math.min(a.n(), a.correct() + Math.round(random.nextGaussian() * 0.02 * a.n())));
      Map<String, VariantRow.OnDevice> devices = new LinkedHashMap<>();
      double size = Math.exp(random.nextGaussian() * 0.4);
      double speed = Math.exp(random.nextGaussian() * 0.3);
      for (Map.Entry<String, VariantRow.OnDevice> e : t.devices().entrySet()) {
        VariantRow.OnDevice d = e.getValue();
        devices.put(e.getKey(), with(d, Map.of(
            "bytes", Math.max(1L, Math.round(d.bytes() * size)), "latencyMs", d.latencyMs() * speed, "onFront", false, "picked", false)));
      }
      rows.add(with(t, Map.of("id", String.format("s%05d", i), "accuracy", AccuracyEstimate.of(correct, a.n()), "devices", devices)));
    }
    List<DeviceResult> results = new ArrayList<>();
    Map<String, VariantRow> byId = new HashMap<>();
    rows.forEach(r -> byId.put(r.id(), r));
    for (DeviceResult d : template.devices()) {
      List<Candidate> feasible = rows.stream().filter(r -> r.on(d.id()).feasible()).map(r -> r.candidate(d.id())).toList();
      List<String> front = ParetoFront.of(feasible).stream().map(Candidate::variantId).toList();
      String pick = front.stream().map(byId::get)
          .max(Comparator.comparingDouble((VariantRow r) -> r.accuracy().accuracy()).thenComparing(VariantRow::id, Comparator.reverseOrder()))
          .map(VariantRow::id).orElse(null);
      for (String id : front) {
        VariantRow r = byId.get(id);
        Map<String, VariantRow.OnDevice> devices = new LinkedHashMap<>(r.devices());
        devices.put(d.id(), with(r.on(d.id()), Map.of("onFront", true, "picked", id.equals(pick))));
        byId.put(id, with(r, Map.of("devices", devices)));
      }
      results.add(with(d, Map.of("variants", variants, "feasible", feasible.size(), "front", front,
          "pick", pick == null ? NONE : pick, "indistinguishable", List.of(),
          "reason", "synthetic run: the most accurate of " + front.size() + " front members (rows widened from " + template.folder().getFileName() + ")")));
    }
    List<VariantRow> finalRows = rows.stream().map(r -> byId.get(r.id())).toList();
    ObjectNode summary = template.summary().deepCopy();
    ((ObjectNode) summary.path("grid")).put("variants", variants);
    return new RunFolder(template.folder(), summary, template.spec(), results, finalRows);
  }

  private static final Object NONE = new Object();

  /** A copy of {@code record} with the named components replaced ({@link #NONE} for null). */
  static <R extends Record> R with(R record, Map<String, Object> changes) {
    try {
      RecordComponent[] components = record.getClass().getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        Object change = changes.get(components[i].getName());
        values[i] = change == NONE ? null : change != null ? change : components[i].getAccessor().invoke(record);
      }
      @SuppressWarnings("unchecked")
      Constructor<R> constructor = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
    }
  }
}
