package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Tensor;
import io.edgesweep.spec.SpecNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight sharing as a stage kind: per-layer codebooks of 2^b centroids ({@link WeightSharing}).
 *
 * <p>Spec section {@code codebook} with {@code bits: [none, 5]} (none keeps the float model, for
 * comparison), {@code kmeans_iterations}, {@code fine_tune_epochs}, {@code learning_rate},
 * {@code batch_size}. Weight sharing takes the place of uniform quantization, so it applies to
 * float32 leaves only; other leaves get the pass-through choice.
 */
public final class CodebookStage implements StageKind {
  public static final String NAME = "codebook";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String section() {
    return "codebook";
  }

  @Override
  public boolean required() {
    return false;
  }

  @Override
  public String label() {
    return "ShareWeights";
  }

  @Override
  public List<StageColumn> columns() {
    return List.of(StageColumn.whole("codebook_bits"));
  }

  @Override
  public Spec read(SpecNode node, long seed) {
    node.allowOnly("bits", "kmeans_iterations", "fine_tune_epochs", "learning_rate", "batch_size");
    // YAML 1.1 reads a bare `off` as false; none and off both mean no weight sharing.
    List<Integer> bits = node.list("bits", (value, at) -> {
      if (value.isBoolean() && !value.asBoolean() || value.isTextual() && (value.asText().equals("none") || value.asText().equals("off"))) {
        return 0;
      }
      if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > 8) {
        throw new InvalidInputException(node.file(), at, "must be none or an index width 1-8, got " + SpecNode.describe(value));
      }
      return value.asInt();
    });
    return new Spec(bits, node.wholeNumber("kmeans_iterations", 30, 1, 1000), node.wholeNumber("fine_tune_epochs", 1, 0, 1000),
        node.number("learning_rate", 1e-4, 1e-9, 10, true), node.wholeNumber("batch_size", 128, 1, 65_536), seed, node.file(),
        node.path() + ".bits");
  }

  /**
   * The codebook section: index widths to try, and what they share.
   *
   * @param file the spec file and {@code field} the key path, for errors found while expanding
   */
  public record Spec(
      List<Integer> bits, int kmeansIterations, int fineTuneEpochs, double learningRate, int batchSize, long seed, String file, String field)
      implements StageSpec {
    public Spec {
      bits = List.copyOf(bits);
    }

    @Override
    public StageKind kind() {
      return new CodebookStage();
    }

    @Override
    public List<Choice> choices(GridContext context, List<StageChoice> path) {
      boolean floatWeights = path.stream().allMatch(c -> !(c instanceof QuantizeStage.Choice q) || q.passesThrough());
      if (floatWeights && bits.stream().anyMatch(b -> b > 0) && StageSpec.keepsTeacherArchitecture(path)
          && Architecture.parse(context.teacherArch()).isTorchScript()) {
        throw new InvalidInputException(file, field, "weight sharing fine-tunes the layers, which the TorchScript teacher "
            + "(student 'teacher' at temperature none) does not expose; drop that student or train a built architecture");
      }
      List<Choice> choices = new ArrayList<>();
      for (int b : floatWeights ? bits : List.of(0)) {
        choices.add(new Choice(new CodebookSettings(b, kmeansIterations, fineTuneEpochs, learningRate, batchSize, seed)));
      }
      return choices;
    }
  }

  /** One index width. */
  public record Choice(CodebookSettings settings) implements StageChoice {
    @Override
    public StageKind kind() {
      return new CodebookStage();
    }

    @Override
    public boolean passesThrough() {
      return settings.bits() == 0;
    }

    @Override
    public Map<String, Object> keyParameters(GridContext context) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("bits", settings.bits());
      p.put("kmeans_iterations", settings.kmeansIterations());
      p.put("fine_tune_epochs", settings.fineTuneEpochs());
      p.put("learning_rate", settings.learningRate());
      p.put("batch_size", settings.batchSize());
      p.put("seed", settings.seed());
      p.put("train_sha256", context.trainSha256());
      return p;
    }

    @Override
    public List<Object> columnValues() {
      return List.of((long) settings.bits());
    }

    @Override
    public String describe() {
      return passesThrough() ? "" : "codebook " + settings.bits() + "b";
    }

    @Override
    public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
      return WeightSharing.apply(parent, settings, inputs.train(), inputs.teacherLogitsFor(parent), inputs.command());
    }
  }

  @Override
  public WeightFormat weightFormat(LineageEntry entry) {
    return entry instanceof LineageEntry.Codebook codebook ? new CodebookFormat(codebook.bits()) : null;
  }

  @Override
  public CodeLayout.Packed pack(LineageEntry entry, String name, Tensor weight) {
    if (!(entry instanceof LineageEntry.Codebook codebook)) {
      return null;
    }
    float[] centroids = codebook.centroids() == null ? null : codebook.centroids().get(name);
    if (centroids == null) {
      throw new IllegalStateException("the codebook lineage entry has no centroids for " + name);
    }
    return CodebookFormat.pack(name, weight, centroids);
  }

  @Override
  public List<CodeLayout.Reader> codeReaders() {
    return List.of(CodebookFormat.READER);
  }
}
