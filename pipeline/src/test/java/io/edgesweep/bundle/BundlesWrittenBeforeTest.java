package io.edgesweep.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.Codebook;
import io.edgesweep.compress.CodebookFormat;
import io.edgesweep.compress.Granularity;
import io.edgesweep.compress.QuantizationScheme;
import io.edgesweep.compress.QuantizedTensor;
import io.edgesweep.compress.WeightPrecision;
import io.edgesweep.compress.WeightQuantizer;
import io.edgesweep.evaluate.StorageFormat;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Tensor;
import io.edgesweep.model.WeightLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles written before number formats carried their own bundle layout (the enum {@code
 * CodeType} and per-format branches in {@code LayerEncoding}, commit 66820db) still read, and
 * the same layers are still written byte for byte as then.
 *
 * <p>The folders under {@code src/test/resources/bundles-written-before-code-layouts/} were
 * written by that code from the layers {@link #cases()} builds (every code type of the time:
 * signed, unsigned, fp16, fp32, codebook; in dense, bitmap and CSR), by running this test with
 * {@code -Dbundle.fixtures.write=true} on it. They are never rewritten by a normal run.
 */
class BundlesWrittenBeforeTest {
  private static final Path FIXTURES = Paths.get("src/test/resources/bundles-written-before-code-layouts");
  private static final Architecture ARCH = Architecture.parse("mlp:12-7-3");
  private static final List<String> CLASSES = List.of("a", "b", "c");

  /** One fixture: a name, and how each weight layer's codes are built from its float weight. */
  private record Case(String name, BiFunction<WeightLayer, Tensor, LayerCodes> codes) {}

  private static List<Case> cases() {
    return List.of(
        new Case("fp32", (l, w) -> LayerCodes.float32(l.weightName(), w, bias(l))),
        new Case("fp16", (l, w) -> linear(l, w, WeightPrecision.fp16(), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC)),
        new Case("int4-per-channel-symmetric", (l, w) -> linear(l, w, WeightPrecision.ofBits(4), Granularity.PER_CHANNEL, QuantizationScheme.SYMMETRIC)),
        new Case("int3-per-tensor-symmetric", (l, w) -> linear(l, w, WeightPrecision.ofBits(3), Granularity.PER_TENSOR, QuantizationScheme.SYMMETRIC)),
        new Case("int5-per-channel-affine", (l, w) -> linear(l, w, WeightPrecision.ofBits(5), Granularity.PER_CHANNEL, QuantizationScheme.AFFINE)),
        new Case("int2-per-tensor-affine", (l, w) -> linear(l, w, WeightPrecision.ofBits(2), Granularity.PER_TENSOR, QuantizationScheme.AFFINE)),
        new Case("codebook2", (l, w) -> {
          Codebook codebook = Codebook.cluster(w.values(), 2, 20);
          Tensor shared = new Tensor(w.shape(), codebook.weights());
          return LayerCodes.of(l.weightName(), w.shape(), CodebookFormat.pack(l.weightName(), shared, codebook.centroids()), bias(l));
        }));
  }

  @Test
  void bundlesWrittenBeforeReadToTheSameWeightsAndAreWrittenByteForByteAsThen(@TempDir Path temporary) throws IOException {
    Assumptions.assumeFalse(Boolean.getBoolean("bundle.fixtures.write"), "writing the fixtures instead");
    int checked = 0;
    for (Case c : cases()) {
      for (StorageFormat format : StorageFormat.values()) {
        String name = c.name() + "-" + format.yamlName();
        Path old = FIXTURES.resolve(name);
        assertThat(old.resolve(BundleManifest.FILE)).as(name).isRegularFile();
        ModelBundle bundle = bundle(c, format);

        BundleReader.Loaded loaded = BundleReader.read(old);
        ParameterSet read = loaded.bundle().parameters();
        ParameterSet expected = bundle.parameters();
        for (String parameter : expected.names()) {
          assertThat(read.get(parameter)).as(name + " " + parameter).isEqualTo(expected.get(parameter));
        }
        assertThat(loaded.manifest().weights()).as(name).isEqualTo(readManifestWeights(old));

        Path now = temporary.resolve(name);
        write(bundle, now);
        assertThat(Files.readAllBytes(now.resolve(BundleManifest.WEIGHTS))).as(name + " weights.bin")
            .isEqualTo(Files.readAllBytes(old.resolve(BundleManifest.WEIGHTS)));
        assertThat(Files.readString(now.resolve(BundleManifest.FILE))).as(name + " manifest.json")
            .isEqualTo(Files.readString(old.resolve(BundleManifest.FILE)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(cases().size() * StorageFormat.values().length);
  }

  /** Writes the fixtures with the code of the day: only on request, to record a format. */
  @Test
  void writeFixtures() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("bundle.fixtures.write"), "only with -Dbundle.fixtures.write=true");
    for (Case c : cases()) {
      for (StorageFormat format : StorageFormat.values()) {
        write(bundle(c, format), FIXTURES.resolve(c.name() + "-" + format.yamlName()));
      }
    }
  }

  private static String readManifestWeights(Path folder) throws IOException {
    return BundleManifest.JSON.readTree(folder.resolve(BundleManifest.FILE).toFile()).path("weights").asText();
  }

  private static void write(ModelBundle bundle, Path folder) throws IOException {
    long bytes = 0;
    for (ModelBundle.Layer layer : bundle.layers()) {
      bytes += layer.estimatedBytes();
    }
    Map<String, Object> pick = new LinkedHashMap<>();
    pick.put("device", "fixture");
    BundleWriter.write(bundle, "1x3x4", CLASSES, bytes, pick, folder);
  }

  private static ModelBundle bundle(Case c, StorageFormat format) {
    List<ModelBundle.Layer> layers = new ArrayList<>();
    long seed = c.name().hashCode();
    for (WeightLayer layer : ARCH.weightLayers()) {
      Tensor weight = prunedWeight(seed++, layer.weightShape());
      // The estimate is any number the writer copies into the manifest; 1000 + layer index.
      layers.add(new ModelBundle.Layer(layer, c.codes().apply(layer, weight), format, 2, 1000 + layers.size()));
    }
    return new ModelBundle(ARCH, layers, null);
  }

  private static LayerCodes linear(WeightLayer layer, Tensor weight, WeightPrecision precision, Granularity granularity,
      QuantizationScheme scheme) {
    QuantizedTensor q = WeightQuantizer.quantize(layer.weightName(), weight, precision, granularity, scheme);
    return LayerCodes.of(q, bias(layer));
  }

  /** About 60% zeros, with a run longer than a 2-bit CSR index reaches, so fillers appear. */
  private static Tensor prunedWeight(long seed, int[] shape) {
    Random random = new Random(seed);
    int rows = shape[0];
    int columns = shape[1];
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() < 0.6 ? 0f : (float) (random.nextGaussian() * 0.2);
    }
    for (int c = 1; c < columns - 1; c++) {
      values[c] = 0f;
    }
    values[0] = 0.3f;
    values[columns - 1] = -0.25f;
    return new Tensor(shape, values);
  }

  private static Tensor bias(WeightLayer layer) {
    int rows = layer.weightShape()[0];
    float[] values = new float[rows];
    for (int r = 0; r < rows; r++) {
      values[r] = 0.03f * r - 0.1f;
    }
    return new Tensor(new int[] {rows}, values);
  }
}
