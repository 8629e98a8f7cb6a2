package io.edgesweep.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgesweep.evaluate.AccuracyEstimate;
import java.io.IOException;

/**
 * The report as one JSON document: the run summary and, per device, every variant's point in
 * both plots, the front, the pick and the notes; for scripts that draw their own plots.
 */
public final class ReportJson {
  private ReportJson() {}

  public static byte[] render(RunFolder run) throws IOException {
    ObjectNode root = SelectionJson.JSON.createObjectNode();
    root.put("format", "edgesweep-report/1");
    root.set("run", run.summary());
    ArrayNode devices = root.putArray("devices");
    for (DeviceResult d : run.devices()) {
      ObjectNode node = devices.addObject();
      node.put("device", d.id());
      node.put("name", d.name());
      node.put("class", d.deviceClass());
      node.put("objective", d.objective().toString());
      node.put("energy_includes_chip_power", d.energyIncludesChipPower());
      node.put("pick", d.pick());
      node.put("reason", d.reason());
      ArrayNode binding = node.putArray("binding_constraints");
      d.binding().forEach(binding::add);
      if (d.testAccuracy() != null) {
        accuracy(node.putObject("pick_test_accuracy"), d.testAccuracy());
      }
      ArrayNode front = node.putArray("front");
      d.front().forEach(front::add);
      ArrayNode notes = node.putArray("notes");
      ReportTables.notes(run, d).forEach(notes::add);
      ArrayNode points = node.putArray("variants");
      for (VariantRow v : run.variants()) {
        VariantRow.OnDevice on = v.on(d.id());
        ObjectNode p = points.addObject();
        p.put("variant", v.id());
        p.put("description", v.describe());
        accuracy(p.putObject("validation_accuracy"), v.accuracy());
        p.put("bytes", on.bytes());
        p.put("storage_format", on.storageFormat());
        p.put("latency_ms", on.latencyMs());
        p.put("energy_mj", on.energyJoules() * 1e3);
        p.put("peak_ram_bytes", on.peakRamBytes());
        p.put("feasible", on.feasible());
        p.put("violations", on.violations());
        p.put("on_front", on.onFront());
        p.put("picked", on.picked());
      }
    }
    return SelectionJson.JSON.writeValueAsBytes(root);
  }

  private static void accuracy(ObjectNode node, AccuracyEstimate a) {
    node.put("accuracy", a.accuracy());
    node.put("low", a.low());
    node.put("high", a.high());
    node.put("correct", a.correct());
    node.put("examples", a.n());
  }
}
