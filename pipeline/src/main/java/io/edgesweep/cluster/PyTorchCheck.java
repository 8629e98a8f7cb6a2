package io.edgesweep.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.TorchRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;

/**
 * A small Beam job that proves a cluster can run edgesweep's models: each element builds a LeNet-5
 * {@link Classifier} in DJL's PyTorch engine from its own seed, computes the logits of one fixed
 * image, and writes them with the id of the JVM that did it.
 *
 * <p>The client computes the same logits itself, so a reader can check every value, and the
 * process ids show which TaskManagers ran the work (none of it may run in the client). The
 * elements are spread by a Reshuffle on their seeds, so with two slots both TaskManagers load
 * PyTorch, offline, from the class path they were started with.
 */
public final class PyTorchCheck {
  static final String ARCHITECTURE = Architecture.LENET5;
  private static final String FILE_PREFIX = "logits";

  private PyTorchCheck() {}

  /** Adds the check for {@code models} seeds to {@code pipeline}, writing text files into {@code outputDir}. */
  public static void addTo(Pipeline pipeline, int models, String outputDir) {
    List<KV<Integer, Integer>> seeds = IntStream.range(0, models).mapToObj(i -> KV.of(i, i)).toList();
    pipeline
        .apply("CreateSeeds", Create.of(seeds).withCoder(KvCoder.of(VarIntCoder.of(), VarIntCoder.of())))
        .apply("SpreadOverSlots", Reshuffle.of())
        .apply("DropKeys", Values.create())
        .apply("ComputeLogits", ParDo.of(new ComputeLogitsFn()))
        .apply("WriteLogits", TextIO.write().to(outputDir + "/" + FILE_PREFIX).withSuffix(".txt"));
  }

  /** The logits of the model built from {@code seed} for the fixed image, in this JVM. */
  public static float[] logits(int seed) {
    TorchRuntime.ensureConfigured();
    Architecture architecture = Architecture.parse(ARCHITECTURE);
    try (Classifier classifier = Classifier.open(architecture, Initialization.pytorchDefault(architecture, seed), null, null);
        NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray image = manager.create(fixedImage(), new Shape(1, 1, 28, 28));
      return classifier.logits(manager, image).toFloatArray();
    }
  }

  /** One output line: seed, process id, logits. */
  static String line(int seed, long pid, float[] logits) {
    String values = IntStream.range(0, logits.length).mapToObj(i -> Float.toString(logits[i])).collect(Collectors.joining(","));
    return seed + " " + pid + " " + values;
  }

  /** Reads what the job wrote into {@code outputDir}: per seed, the process that computed it and the logits. */
  public static Map<Integer, Computed> read(Path outputDir) {
    Map<Integer, Computed> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(outputDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(FILE_PREFIX)).sorted().toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          String[] parts = line.trim().split(" ");
          float[] logits = toFloats(parts[2].split(","));
          Computed previous = out.put(Integer.parseInt(parts[0]), new Computed(Long.parseLong(parts[1]), logits));
          if (previous != null) {
            throw new IllegalStateException("seed " + parts[0] + " was written twice in " + outputDir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the check's output in " + outputDir, e);
    }
    return out;
  }

  /**
   * Compares what the cluster computed with this JVM's own logits; returns one line per difference
   * (a missing seed, an extra one, a value off by more than 1e-5), empty when all agree.
   */
  public static List<String> differences(Map<Integer, Computed> computed, int models) {
    List<String> problems = new ArrayList<>();
    Map<Integer, float[]> expected = new LinkedHashMap<>();
    for (int seed = 0; seed < models; seed++) {
      expected.put(seed, logits(seed));
    }
    for (Map.Entry<Integer, float[]> e : expected.entrySet()) {
      Computed c = computed.get(e.getKey());
      if (c == null) {
        problems.add("seed " + e.getKey() + ": missing");
      } else if (c.logits().length != e.getValue().length) {
        problems.add("seed " + e.getKey() + ": " + c.logits().length + " logits, expected " + e.getValue().length);
      } else {
        for (int i = 0; i < c.logits().length; i++) {
          if (Math.abs(c.logits()[i] - e.getValue()[i]) > 1e-5f) {
            problems.add("seed " + e.getKey() + ": logits " + Arrays.toString(c.logits()) + ", expected "
                + Arrays.toString(e.getValue()));
            break;
          }
        }
      }
    }
    computed.keySet().stream().filter(s -> !expected.containsKey(s)).forEach(s -> problems.add("seed " + s + ": unexpected"));
    return problems;
  }

  private static float[] fixedImage() {
    float[] pixels = new float[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (i * 37 % 101) / 100f;
    }
    return pixels;
  }

  private static float[] toFloats(String[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.parseFloat(values[i]);
    }
    return out;
  }

  /** What one element of the job computed, and in which process. */
  public record Computed(long pid, float[] logits) {}

  /** Adapts {@link PyTorchCheck#logits} to Beam; loads the engine once per worker. */
  static final class ComputeLogitsFn extends DoFn<Integer, String> {
    private static final long serialVersionUID = 1L;

    @Setup
    public void setUp() {
      TorchRuntime.ensureConfigured();
    }

    @ProcessElement
    public void processElement(@Element Integer seed, OutputReceiver<String> out) {
      out.output(line(seed, ProcessHandle.current().pid(), logits(seed)));
    }
  }
}
