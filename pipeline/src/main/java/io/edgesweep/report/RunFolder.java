package io.edgesweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgesweep.InvalidInputException;
import io.edgesweep.data.LocalParquetFiles;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.evaluate.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * A finished run folder read back from its files: variants.parquet, pareto.json, picks.json and
 * run.json (spec.yaml when present).
 *
 * <p>Everything the report, {@code edgesweep pick} and a re-export need comes from these files,
 * so they work long after the sweep, on another machine, without Beam or the device profiles.
 */
public record RunFolder(Path folder, JsonNode summary, String spec, List<DeviceResult> devices, List<VariantRow> variants) {
  public static final String SUMMARY = "run.json";
  public static final String SPEC = "spec.yaml";
  public static final String MODELS = "models";

  /** Reads a run folder; names the file and what is wrong with it when it cannot. */
  public static RunFolder read(Path folder) {
    if (!Files.isDirectory(folder) && folder.getFileName() != null) {
      try {
        RunFolderSwap.recover(folder);
      } catch (RuntimeException e) {
        // A reader may lack write access; it reports the missing folder below.
      }
    }
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(folder.toString(), null, "no such run folder");
    }
    for (String name : List.of(RunFolderFiles.VARIANTS, RunFolderFiles.PARETO, RunFolderFiles.PICKS, SUMMARY)) {
      if (!Files.isRegularFile(folder.resolve(name))) {
        throw new InvalidInputException(folder.toString(), name, "missing: a run folder written by edgesweep sweep has "
            + String.join(", ", RunFolderFiles.VARIANTS, RunFolderFiles.PARETO, RunFolderFiles.PICKS, SUMMARY));
      }
    }
    JsonNode summary = json(folder.resolve(SUMMARY));
    JsonNode pareto = json(folder.resolve(RunFolderFiles.PARETO));
    JsonNode picks = json(folder.resolve(RunFolderFiles.PICKS));
    List<DeviceResult> devices = new ArrayList<>();
    for (JsonNode node : pareto.path("devices")) {
      String id = node.path("device").asText();
      devices.add(DeviceResult.of(node, picks.path(id), folder.resolve(RunFolderFiles.PARETO).toString()));
    }
    String spec = null;
    try {
      if (Files.isRegularFile(folder.resolve(SPEC))) {
        spec = Files.readString(folder.resolve(SPEC));
      }
    } catch (IOException e) {
      throw new InvalidInputException(folder.resolve(SPEC).toString(), null, "cannot read: " + e.getMessage(), e);
    }
    List<VariantRow> variants = readVariants(folder.resolve(RunFolderFiles.VARIANTS), devices);
    return new RunFolder(folder, summary, spec, devices, variants);
  }

  public String name() {
    return summary.path("name").asText(folder.getFileName().toString());
  }

  public DeviceResult device(String id) {
    for (DeviceResult d : devices) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    throw new InvalidInputException("--device", null, "unknown device '" + id + "'; this run has "
        + String.join(", ", devices.stream().map(DeviceResult::id).toList()));
  }

  public VariantRow variant(String id) {
    for (VariantRow v : variants) {
      if (v.id().equals(id)) {
        return v;
      }
    }
    throw new InvalidInputException(folder.resolve(RunFolderFiles.VARIANTS).toString(), "variant_id", "has no variant " + id);
  }

  /** Where the sweep exported a device's pick. */
  public Path exportFolder(String deviceId) {
    return folder.resolve(MODELS).resolve(deviceId);
  }

  private static JsonNode json(Path file) {
    try {
      return SelectionJson.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<VariantRow> readVariants(Path file, List<DeviceResult> devices) {
    List<VariantRow> rows = new ArrayList<>();
    String source = file.toString();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(LocalParquetFiles.input(file))
        .withConf(new Configuration(false)).build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        rows.add(row(new Columns(r, source), devices));
      }
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read Parquet: " + e.getMessage(), e);
    }
    return rows;
  }

  private static VariantRow row(Columns c, List<DeviceResult> devices) {
    Map<String, VariantRow.OnDevice> perDevice = new LinkedHashMap<>();
    for (DeviceResult d : devices) {
      String p = VariantsTable.column(d.id());
      Set<Constraint> hardware = EnumSet.noneOf(Constraint.class);
      for (String name : c.string(p + "hardware_violations").split(",")) {
        if (!name.isBlank()) {
          hardware.add(Constraint.valueOf(name));
        }
      }
      perDevice.put(d.id(), new VariantRow.OnDevice(c.number(p + "bytes").longValue(), c.string(p + "storage_format"),
          c.number(p + "latency_ms").doubleValue(), c.number(p + "energy_joules").doubleValue(), c.number(p + "peak_ram_bytes").longValue(),
          c.number(p + "macs").longValue(), c.bool(p + "feasible"), c.string(p + "violations"), hardware, c.bool(p + "on_front"),
          c.bool(p + "picked")));
    }
    List<Precision> precisions = new ArrayList<>();
    for (String p : c.string("weight_precisions").split(",")) {
      precisions.add(Precision.parse(p, c.source, "weight_precisions"));
    }
    Number test = c.optionalNumber("test_accuracy");
    Double testAccuracy = test == null ? null : test.doubleValue();
    return new VariantRow(c.string("variant_id"), c.coordinates(), c.string(VariantsTable.DESCRIPTION), c.string("model_kind"), c.string("model_key"), c.string("float_model_kind"), c.string("float_model_key"), c.string("arch"),
        c.number("parameters").longValue(), c.number("nonzero_parameters").longValue(), c.number("sparsity").doubleValue(), precisions,
        AccuracyEstimate.of(c.number("val_correct").longValue(), c.number("val_examples").longValue()),
        c.number("val_cross_entropy").doubleValue(), c.number("teacher_agreement").doubleValue(), testAccuracy, perDevice);
  }

  /** Typed access to one Parquet record that names the column when it is missing. */
  private static final class Columns {
    private final GenericRecord record;
    private final String source;

    Columns(GenericRecord record, String source) {
      this.record = record;
      this.source = source;
    }

    /** The stage columns: those between the variant id and its description, in the grid's order. */
    Map<String, String> coordinates() {
      Map<String, String> coordinates = new LinkedHashMap<>();
      List<Schema.Field> fields = record.getSchema().getFields();
      for (int i = 1; i < fields.size() && !fields.get(i).name().equals(VariantsTable.DESCRIPTION); i++) {
        Object value = record.get(i);
        coordinates.put(fields.get(i).name(), value == null ? "none" : value.toString());
      }
      return coordinates;
    }

    Object get(String column) {
      Schema.Field field = record.getSchema().getField(column);
      if (field == null) {
        throw new InvalidInputException(source, "column " + column,
            "missing: the run was written by an older edgesweep; run the sweep again (the artifact store makes that quick)");
      }
      return record.get(column);
    }

    String string(String column) {
      Object v = get(column);
      return v == null ? null : v.toString();
    }

    Number number(String column) {
      Object v = get(column);
      if (!(v instanceof Number n)) {
        throw new InvalidInputException(source, "column " + column, "is " + v + ", not a number");
      }
      return n;
    }

    Number optionalNumber(String column) {
      Object v = get(column);
      return v instanceof Number n ? n : null;
    }

    boolean bool(String column) {
      return Boolean.TRUE.equals(get(column));
    }
  }
}
