package io.edgesweep.pipeline;

import io.edgesweep.transforms.DistillTask;
import io.edgesweep.transforms.PruneTask;
import io.edgesweep.transforms.QuantizeTask;
import io.edgesweep.transforms.StageKey;
import io.edgesweep.transforms.StageKinds;
import io.edgesweep.transforms.VariantCoordinates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a spec's grid into a tree of distinct stage runs: distill, then prune, then quantize.
 *
 * <p>A variant is one path from root to leaf. Each node is keyed by the content address of its
 * output, so a node appears once however many variants pass through it: |T| students cost |T|
 * distillations, not |T|·|p|·|b|. Stages that change nothing (ratio 0, 32-bit weights with float
 * activations, the teacher's own architecture without a temperature) take their parent's key and
 * so merge with it.
 */
public final class SweepGrid {
  private final List<DistillTask> distillations;
  private final List<VariantCoordinates> variants;

  private SweepGrid(List<DistillTask> distillations, List<VariantCoordinates> variants) {
    this.distillations = distillations;
    this.variants = variants;
  }

  /**
   * @param teacherKey the teacher's content address
   * @param teacherArch the teacher's architecture spec, which the student "teacher" stands for
   * @param data the SHA-256 of each split the stages read
   */
  public static SweepGrid expand(SweepSpec spec, String teacherKey, String teacherArch, DataFingerprint data) {
    List<VariantCoordinates> variants = new ArrayList<>();
    Map<String, DistillNode> distills = new LinkedHashMap<>();
    int index = 0;
    for (String studentName : spec.distillation().students()) {
      String student = studentName.equals("teacher") ? teacherArch : studentName;
      for (Double temperature : spec.distillation().temperatures()) {
        boolean distillIdentity = temperature == null && student.equals(teacherArch);
        String distillKey = distillIdentity ? teacherKey : StageKey.of(teacherKey, "distill", distillParameters(spec, student, temperature, data));
        String distillKind = distillIdentity ? StageKinds.TEACHER : StageKinds.DISTILL;
        DistillNode distill = distills.computeIfAbsent(distillKey, k -> new DistillNode(k, student, temperature, distillIdentity));
        for (String method : spec.pruning().methods()) {
          for (Double ratio : spec.pruning().ratios()) {
            boolean pruneIdentity = ratio == 0;
            String pruneKey = pruneIdentity ? distillKey : StageKey.of(distillKey, "prune", pruneParameters(spec, method, ratio, data));
            PruneNode prune = distill.prunes.computeIfAbsent(pruneKey,
                k -> new PruneNode(k, distillKind, distillKey, method, ratio, pruneIdentity));
            String pruneKind = pruneIdentity ? distillKind : StageKinds.PRUNE;
            for (String weights : spec.quantization().weights()) {
              for (String granularity : spec.quantization().granularities()) {
                for (String scheme : spec.quantization().schemes()) {
                  for (String requested : spec.quantization().activations()) {
                    String activations = effectiveActivations(weights, requested);
                    boolean quantizeIdentity = weights.equals("32") && activations.equals("off");
                    String quantizeKey = quantizeIdentity ? pruneKey
                        : StageKey.of(pruneKey, "quantize", quantizeParameters(spec, weights, granularity, scheme, activations, data));
                    QuantizeNode leaf = prune.quantizations.computeIfAbsent(quantizeKey,
                        k -> new QuantizeNode(k, pruneKind, pruneKey, weights, granularity, scheme, activations, quantizeIdentity,
                            StageKey.of(k, "evaluate", evaluationParameters(spec, teacherKey, data))));
                    VariantCoordinates variant = new VariantCoordinates(String.format("v%03d", ++index), student, temperature,
                        method, ratio, weights, granularity, scheme, activations);
                    leaf.variants.add(variant);
                    variants.add(variant);
                  }
                }
              }
            }
          }
        }
      }
    }
    List<DistillTask> tasks = new ArrayList<>();
    for (DistillNode d : distills.values()) {
      List<PruneTask> prunes = new ArrayList<>();
      for (PruneNode p : d.prunes.values()) {
        List<QuantizeTask> leaves = new ArrayList<>();
        for (QuantizeNode q : p.quantizations.values()) {
          leaves.add(new QuantizeTask(q.key, q.parentKind, q.parentKey, q.weights, q.granularity, q.scheme, q.activations,
              q.identity, q.evaluationKey, List.copyOf(q.variants)));
        }
        prunes.add(new PruneTask(p.key, p.parentKind, p.parentKey, p.method, p.ratio, p.identity, leaves));
      }
      tasks.add(new DistillTask(d.key, d.student, d.temperature, d.identity, prunes));
    }
    return new SweepGrid(tasks, variants);
  }

  public List<DistillTask> distillations() {
    return distillations;
  }

  public List<VariantCoordinates> variants() {
    return variants;
  }

  /** Distillations that train a student (the teacher passed through does not count). */
  public int distillRuns() {
    return (int) distillations.stream().filter(d -> !d.identity()).count();
  }

  /** Prunes that change the model (ratio 0 passes through). */
  public int pruneRuns() {
    return (int) distillations.stream().flatMap(d -> d.prunes().stream()).filter(p -> !p.identity()).count();
  }

  /** Distinct leaves, each quantized (unless 32-bit float) and evaluated once. */
  public int leaves() {
    return (int) distillations.stream().flatMap(d -> d.prunes().stream()).mapToLong(p -> p.quantizations().size()).sum();
  }

  /** All leaves, flattened, for progress tracking. */
  public List<QuantizeTask> allLeaves() {
    return distillations.stream().flatMap(d -> d.prunes().stream()).flatMap(p -> p.quantizations().stream()).toList();
  }

  /**
   * The activation format a weight format runs with: float weights keep float activations (the
   * 32-bit model is the float model, fp16 weights run in fp16), integer weights take the spec's.
   */
  static String effectiveActivations(String weights, String requested) {
    if (weights.equals("32")) {
      return "off";
    }
    if (weights.equals("fp16")) {
      return requested.equals("off") ? "off" : "fp16";
    }
    return requested;
  }

  static Map<String, Object> distillParameters(SweepSpec spec, String student, Double temperature, DataFingerprint data) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("student", student);
    p.put("temperature", temperature == null ? "none" : temperature);
    p.put("alpha", temperature == null ? 0.0 : spec.distillation().alpha());
    p.put("epochs", spec.distillation().epochs());
    p.put("batch_size", spec.distillation().batchSize());
    p.put("learning_rate", spec.distillation().learningRate());
    p.put("seed", spec.seed());
    p.put("train_sha256", data.train());
    return p;
  }

  static Map<String, Object> pruneParameters(SweepSpec spec, String method, double ratio, DataFingerprint data) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("method", method);
    p.put("ratio", ratio);
    p.put("fine_tune_epochs", spec.pruning().fineTuneEpochs());
    p.put("batch_size", spec.pruning().batchSize());
    p.put("learning_rate", spec.pruning().learningRate());
    p.put("seed", spec.seed());
    p.put("train_sha256", data.train());
    return p;
  }

  static Map<String, Object> quantizeParameters(
      SweepSpec spec, String weights, String granularity, String scheme, String activations, DataFingerprint data) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("weights", weights);
    p.put("granularity", granularity);
    p.put("scheme", scheme);
    p.put("activations", activations);
    p.put("calibration", spec.quantization().calibration());
    p.put("calibration_sha256", data.calibration());
    return p;
  }

  static Map<String, Object> evaluationParameters(SweepSpec spec, String teacherKey, DataFingerprint data) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("validation_sha256", data.validation());
    p.put("teacher", teacherKey);
    return p;
  }

  private static final class DistillNode {
    final String key;
    final String student;
    final Double temperature;
    final boolean identity;
    final Map<String, PruneNode> prunes = new LinkedHashMap<>();

    DistillNode(String key, String student, Double temperature, boolean identity) {
      this.key = key;
      this.student = student;
      this.temperature = temperature;
      this.identity = identity;
    }
  }

  private static final class PruneNode {
    final String key;
    final String parentKind;
    final String parentKey;
    final String method;
    final double ratio;
    final boolean identity;
    final Map<String, QuantizeNode> quantizations = new LinkedHashMap<>();

    PruneNode(String key, String parentKind, String parentKey, String method, double ratio, boolean identity) {
      this.key = key;
      this.parentKind = parentKind;
      this.parentKey = parentKey;
      this.method = method;
      this.ratio = ratio;
      this.identity = identity;
    }
  }

  private static final class QuantizeNode {
    final String key;
    final String parentKind;
    final String parentKey;
    final String weights;
    final String granularity;
    final String scheme;
    final String activations;
    final boolean identity;
    final String evaluationKey;
    final List<VariantCoordinates> variants = new ArrayList<>();

    QuantizeNode(String key, String parentKind, String parentKey, String weights, String granularity, String scheme,
        String activations, boolean identity, String evaluationKey) {
      this.key = key;
      this.parentKind = parentKind;
      this.parentKey = parentKey;
      this.weights = weights;
      this.granularity = granularity;
      this.scheme = scheme;
      this.activations = activations;
      this.identity = identity;
      this.evaluationKey = evaluationKey;
    }
  }
}
