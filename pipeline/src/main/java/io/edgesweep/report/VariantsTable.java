package io.edgesweep.report;

import io.edgesweep.compress.StageChoice;
import io.edgesweep.compress.StageColumn;
import io.edgesweep.data.AvroParquetFiles;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.evaluate.Constraint;
import io.edgesweep.select.Candidate;
import io.edgesweep.select.DevicePick;
import io.edgesweep.transforms.SweepOutcome;
import io.edgesweep.transforms.VariantResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes variants.parquet: one row per variant with every grid coordinate and every metric.
 *
 * <p>Flat columns, so that {@code pandas.read_parquet} or DuckDB give a plain table: the grid
 * coordinates (the columns each stage kind declares, in the grid's order, then the variant's
 * one-line description), the model's size and validation metrics, then per device a block of columns
 * prefixed with the device id ({@code stm32h743__latency_ms}); '-' in ids becomes '_' since
 * Parquet column names from Avro cannot hold it. Test accuracy is filled only for picked variants,
 * the only ones measured on the test split.
 *
 * <p>The table also holds what {@code edgesweep pick} needs to rebuild every selection candidate
 * exactly, without the sweep: the energy in joules as computed (the millijoule column is for
 * people), the hardware constraints apart from the policy ones, the weight formats, and where the
 * variant's model and its float parent are in the artifact store.
 */
public final class VariantsTable {
  /** The column after the stage columns: the variant's one-line description. */
  public static final String DESCRIPTION = "description";

  private VariantsTable() {}

  public static void write(SweepOutcome outcome, Path file, Map<String, String> metadata) throws IOException {
    Schema schema = schema(outcome);
    Rows rows = new Rows(schema, outcome);
    List<VariantResult> variants = outcome.variants();
    try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.writer(file, schema, metadata)) {
      // The writer is sequential, the rows are not (at ten thousand variants, making them was about
      // half of the write).
      madeSideBySideWrittenInOrder(variants, ROWS_AT_A_TIME, rows::of, writer::write);
    }
  }

  /** Rows made before they are written: enough to share among cores, few enough to hold. */
  private static final int ROWS_AT_A_TIME = 1024;

  /** Takes one made row, in the items' order. */
  @FunctionalInterface
  interface RowSink<R> {
    void write(R row) throws IOException;
  }

  /**
   * Makes {@code make(item)} for {@code chunk} items at a time on several threads, and hands each
   * chunk's results to {@code sink} one by one in the items' order.
   */
  static <T, R> void madeSideBySideWrittenInOrder(List<T> items, int chunk, Function<T, R> make, RowSink<R> sink) throws IOException {
    for (int from = 0; from < items.size(); from += chunk) {
      for (R row : items.subList(from, Math.min(items.size(), from + chunk)).parallelStream().map(make).toList()) {
        sink.write(row);
      }
    }
  }

  /** Makes a variant's row; only reads the outcome, so rows can be made on several threads at once. */
  private static final class Rows {
    private final Schema schema;
    private final List<SweepOutcome.DeviceOutcome> devices;
    private final List<DeviceColumns> columns;
    private final Map<String, Set<String>> fronts = new HashMap<>();
    private final Map<String, String> picks = new HashMap<>();
    private final Map<String, AccuracyEstimate> tests = new HashMap<>();

    Rows(Schema schema, SweepOutcome outcome) {
      this.schema = schema;
      this.devices = outcome.devices();
      this.columns = devices.stream().map(d -> DeviceColumns.of(d.device().id())).toList();
      for (SweepOutcome.DeviceOutcome d : devices) {
        DevicePick pick = d.pick();
        fronts.put(d.device().id(), pick.front().stream().map(Candidate::variantId).collect(Collectors.toSet()));
        if (pick.hasPick()) {
          picks.put(d.device().id(), pick.pick().variantId());
          tests.put(pick.pick().variantId(), d.testAccuracy());
        }
      }
    }

    GenericRecord of(VariantResult v) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("variant_id", v.id());
      v.coordinates().columns().forEach(r::put);
      r.put(DESCRIPTION, v.coordinates().describe());
      r.put("model_kind", v.modelKind());
      r.put("model_key", v.modelKey());
      r.put("float_model_kind", v.floatModelKind());
      r.put("float_model_key", v.floatModelKey());
      r.put("arch", v.arch());
      r.put("parameters", v.parameters());
      r.put("nonzero_parameters", v.nonZeroParameters());
      r.put("sparsity", v.sparsity());
      r.put("dense_macs", v.denseMacs());
      r.put("weight_precisions", weightPrecisions(v));
      r.put("val_correct", v.accuracy().correct());
      r.put("val_examples", v.accuracy().n());
      r.put("val_accuracy", v.accuracy().accuracy());
      r.put("val_accuracy_low", v.accuracy().low());
      r.put("val_accuracy_high", v.accuracy().high());
      r.put("val_cross_entropy", v.meanCrossEntropy());
      r.put("teacher_agreement", v.teacherAgreement());
      AccuracyEstimate test = tests.get(v.id());
      r.put("test_accuracy", test == null ? null : test.accuracy());
      r.put("test_accuracy_low", test == null ? null : test.low());
      r.put("test_accuracy_high", test == null ? null : test.high());
      for (int i = 0; i < devices.size(); i++) {
        SweepOutcome.DeviceOutcome d = devices.get(i);
        DeviceColumns p = columns.get(i);
        String id = d.device().id();
        VariantResult.DeviceEstimate e = v.devices().get(id);
        Candidate c = e.candidate();
        Set<String> broken = new HashSet<>();
        d.pick().violations().getOrDefault(v.id(), Set.of()).forEach(x -> broken.add(x.toString()));
        r.put(p.bytes(), c.bytes());
        r.put(p.storageFormat(), c.storageFormat());
        r.put(p.latencyMs(), c.latencyMs());
        r.put(p.energyMj(), c.energyJoules() * 1e3);
        r.put(p.energyJoules(), c.energyJoules());
        r.put(p.peakRamBytes(), c.peakRamBytes());
        r.put(p.macs(), e.macs());
        r.put(p.feasible(), broken.isEmpty());
        r.put(p.violations(), String.join(", ", new TreeSet<>(broken)));
        r.put(p.hardwareViolations(), c.hardwareViolations().stream().map(Constraint::name).collect(Collectors.joining(",")));
        r.put(p.onFront(), fronts.get(id).contains(v.id()));
        r.put(p.picked(), v.id().equals(picks.get(id)));
      }
      return r;
    }
  }

  /** The model's weight formats as the cost model saw them, narrowest first: {@code int4}, {@code fp32}. */
  static String weightPrecisions(VariantResult v) {
    VariantResult.DeviceEstimate any = v.devices().values().iterator().next();
    return any.candidate().weightPrecisions().stream().map(Object::toString).collect(Collectors.joining(","));
  }

  /** The column prefix of a device: its id with characters Avro does not allow replaced. */
  public static String column(String deviceId) {
    return NOT_IN_COLUMN_NAMES.matcher(deviceId).replaceAll("_") + "__";
  }

  private static final Pattern NOT_IN_COLUMN_NAMES = Pattern.compile("[^A-Za-z0-9_]");

  /**
   * One device's column names, made once per table: at ten thousand variants and ten devices, making
   * them per row (a regular expression and twelve concatenations per device) was a fifth of the write.
   */
  private record DeviceColumns(String bytes, String storageFormat, String latencyMs, String energyMj, String energyJoules,
      String peakRamBytes, String macs, String feasible, String violations, String hardwareViolations, String onFront,
      String picked) {
    static DeviceColumns of(String deviceId) {
      String p = column(deviceId);
      return new DeviceColumns(p + "bytes", p + "storage_format", p + "latency_ms", p + "energy_mj", p + "energy_joules",
          p + "peak_ram_bytes", p + "macs", p + "feasible", p + "violations", p + "hardware_violations", p + "on_front",
          p + "picked");
    }
  }

  static Schema schema(SweepOutcome outcome) {
    SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Variant").namespace("io.edgesweep").fields()
        .requiredString("variant_id");
    if (!outcome.variants().isEmpty()) {
      for (StageChoice choice : outcome.variants().get(0).coordinates().path()) {
        for (StageColumn column : choice.kind().columns()) {
          f = switch (column.type()) {
            case STRING -> f.requiredString(column.name());
            case DOUBLE -> f.requiredDouble(column.name());
            case OPTIONAL_DOUBLE -> f.optionalDouble(column.name());
            case LONG -> f.requiredLong(column.name());
          };
        }
      }
    }
    f = f.requiredString(DESCRIPTION)
        .requiredString("model_kind")
        .requiredString("model_key")
        .requiredString("float_model_kind")
        .requiredString("float_model_key")
        .requiredString("arch")
        .requiredLong("parameters")
        .requiredLong("nonzero_parameters")
        .requiredDouble("sparsity")
        .requiredLong("dense_macs")
        .requiredString("weight_precisions")
        .requiredLong("val_correct")
        .requiredLong("val_examples")
        .requiredDouble("val_accuracy")
        .requiredDouble("val_accuracy_low")
        .requiredDouble("val_accuracy_high")
        .requiredDouble("val_cross_entropy")
        .requiredDouble("teacher_agreement")
        .optionalDouble("test_accuracy")
        .optionalDouble("test_accuracy_low")
        .optionalDouble("test_accuracy_high");
    for (SweepOutcome.DeviceOutcome d : outcome.devices()) {
      DeviceColumns p = DeviceColumns.of(d.device().id());
      f = f.requiredLong(p.bytes())
          .requiredString(p.storageFormat())
          .requiredDouble(p.latencyMs())
          .requiredDouble(p.energyMj())
          .requiredDouble(p.energyJoules())
          .requiredLong(p.peakRamBytes())
          .requiredLong(p.macs())
          .requiredBoolean(p.feasible())
          .requiredString(p.violations())
          .requiredString(p.hardwareViolations())
          .requiredBoolean(p.onFront())
          .requiredBoolean(p.picked());
    }
    return f.endRecord();
  }

  /** The names of the columns, in order; for tests and docs. */
  public static List<String> columns(SweepOutcome outcome) {
    return schema(outcome).getFields().stream().map(Schema.Field::name).toList();
  }
}
