package io.edgesweep.pipeline;

import io.edgesweep.TestData;
import io.edgesweep.data.LocalParquetFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * A small real sweep on the shipped mini dataset, for tests: 2 temperatures x 2 ratios x the
 * given bit widths, on small students trained for a few epochs, so a run takes seconds.
 */
final class TinySweep {
  private TinySweep() {}

  static Path writeSpec(Path dir, String name, String bits) throws IOException {
    return writeSpec(dir, name, "none, 4", "0, 0.6", bits, 3);
  }

  /** A spec over the given grid axes (YAML list bodies, as in {@code "none, 4"}). */
  static Path writeSpec(Path dir, String name, String temperatures, String ratios, String bits, int distillEpochs) throws IOException {
    return writeSpec(dir, name, temperatures, ratios, bits, distillEpochs, "");
  }

  /**
   * A spec over the given grid axes with more stage sections under {@code grid}.
   *
   * @param moreStages YAML lines indented by two spaces, as in {@code "  qat: {epochs: [0, 1]}\n"}
   */
  static Path writeSpec(Path dir, String name, String temperatures, String ratios, String bits, int distillEpochs, String moreStages)
      throws IOException {
    Path root = TestData.repositoryRoot();
    Path devices = dir.resolve("device-profiles");
    if (!Files.isDirectory(devices)) {
      // The shipped profiles with their accuracy floor lowered: a one-epoch student on 6,000
      // images is far below the floors chosen for fully trained Fashion-MNIST models.
      Files.createDirectories(devices);
      try (var profiles = Files.list(root.resolve("device-profiles"))) {
        for (Path p : profiles.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.writeString(devices.resolve(p.getFileName()),
              Files.readString(p).replaceAll("accuracy-floor: [0-9.]+", "accuracy-floor: 0.5"));
        }
      }
    }
    String yaml = """
        name: %s
        seed: 5
        data: %s
        teacher:
          train: {arch: "mlp:784-64-10", epochs: 2, batch_size: 128, learning_rate: 0.002}
        grid:
          distillation:
            students: ["mlp:784-32-10"]
            temperatures: [%s]
            alpha: 0.7
            epochs: %d
          pruning:
            methods: [magnitude-global]
            ratios: [%s]
            fine_tune_epochs: 1
          quantization:
            bits: [%s]
            activations: [int8]
        %s
        devices: ["%s/*.yaml"]
        evaluation: {batch_size: 250}
        """.formatted(name, root.resolve("datasets/fashion-mnist-mini"), temperatures, distillEpochs, ratios, bits, moreStages.stripTrailing(),
            devices);
    Path spec = dir.resolve(name + ".yaml");
    Files.writeString(spec, yaml);
    return spec;
  }

  static SweepOptions options(Path spec, Path out, String... runnerArgs) {
    List<String> args = new ArrayList<>(List.of("--spec=" + spec, "--out=" + out));
    args.addAll(List.of(runnerArgs));
    return SweepJob.options(args.toArray(String[]::new));
  }

  static String[] direct() {
    return new String[] {"--runner=DirectRunner", "--targetParallelism=2", "--parallelism=2", "--djlThreads=1"};
  }

  static String[] flinkLocal() {
    List<String> args = new ArrayList<>(EmbeddedFlink.options(2));
    args.add("--djlThreads=1");
    return args.toArray(String[]::new);
  }

  /** The rows of variants.parquet by variant id, each as column name to value. */
  static Map<String, Map<String, Object>> rows(Path variantsParquet) throws IOException {
    Map<String, Map<String, Object>> rows = new TreeMap<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(LocalParquetFiles.input(variantsParquet))
        .withConf(new Configuration(false)).build()) {
      GenericRecord r;
      while ((r = reader.read()) != null) {
        Map<String, Object> row = new TreeMap<>();
        for (org.apache.avro.Schema.Field f : r.getSchema().getFields()) {
          Object v = r.get(f.name());
          row.put(f.name(), v instanceof CharSequence ? v.toString() : v);
        }
        rows.put(row.get("variant_id").toString(), row);
      }
    }
    return rows;
  }
}
