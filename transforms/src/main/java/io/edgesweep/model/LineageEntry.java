package io.edgesweep.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stage in a model's lineage, as {@code manifest.json} records it: {@code {"stage": "prune", ...}}.
 *
 * <p>Typed so that code asks the lineage questions ({@link #isQuantized()}, the last distillation's
 * temperature) instead of scanning maps with string compares. The JSON shape is the one earlier
 * versions wrote, with the stage's name in {@code "stage"}, so old manifests load unchanged; a stage
 * this version does not know (written by a newer one) loads as {@link Other} and is kept as it was.
 * Fields added to an entry later must be nullable, so that older entries without them still load.
 *
 * <p>A new stage kind adds its record here and one line to {@link JsonSubTypes}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "stage", visible = true,
    defaultImpl = LineageEntry.Other.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = LineageEntry.Train.class, name = "train"),
    @JsonSubTypes.Type(value = LineageEntry.Import.class, name = "import"),
    @JsonSubTypes.Type(value = LineageEntry.Distill.class, name = "distill"),
    @JsonSubTypes.Type(value = LineageEntry.Prune.class, name = "prune"),
    @JsonSubTypes.Type(value = LineageEntry.Quantize.class, name = "quantize"),
    @JsonSubTypes.Type(value = LineageEntry.Qat.class, name = "qat"),
    @JsonSubTypes.Type(value = LineageEntry.Codebook.class, name = "codebook")
})
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface LineageEntry extends Serializable {

  /** The stage's name, as in {@code "prune"}. */
  @JsonProperty("stage")
  String stage();

  /** Whether this stage put the weights on a quantization grid (integer, fp16 or a codebook). */
  default boolean quantizes() {
    return false;
  }

  /** A teacher trained by the sweep. */
  record Train(
      String arch,
      int epochs,
      @JsonProperty("batch_size") int batchSize,
      @JsonProperty("learning_rate") double learningRate,
      String schedule,
      String optimizer,
      long seed)
      implements LineageEntry {
    @Override
    public String stage() {
      return "train";
    }
  }

  /** A model imported from a file. */
  record Import(String source, @JsonProperty("source_sha256") String sourceSha256) implements LineageEntry {
    @Override
    public String stage() {
      return "import";
    }
  }

  /**
   * A student trained on labels, or by distillation from the teacher.
   *
   * @param temperature "none" or the temperature as a number, as earlier versions wrote it
   */
  record Distill(
      String student,
      Object temperature,
      double alpha,
      int epochs,
      double lr,
      @JsonProperty("batch_size") int batchSize,
      String schedule,
      String optimizer,
      long seed,
      @JsonProperty("teacher_sha256") String teacherSha256,
      @JsonProperty("train_content_sha256") String trainContentSha256)
      implements LineageEntry {
    @Override
    public String stage() {
      return "distill";
    }

    /** The KD temperature, or null when the student learnt from labels alone (α = 0 or T none). */
    @JsonIgnore
    public Double kdTemperature() {
      return temperature instanceof Number t && alpha > 0 ? t.doubleValue() : null;
    }
  }

  /** A cut by one method and ratio, and the fine-tune after it. */
  record Prune(
      String method,
      double ratio,
      String schedule,
      @JsonProperty("fine_tune_epochs") int fineTuneEpochs,
      double lr,
      @JsonProperty("lr_schedule") String lrSchedule,
      @JsonProperty("batch_size") int batchSize,
      long seed,
      @JsonProperty("fine_tune_loss") String fineTuneLoss,
      @JsonProperty("keep_fraction") Double keepFraction,
      @JsonProperty("weights_before") long weightsBefore,
      @JsonProperty("weights_after") long weightsAfter,
      double sparsity,
      @JsonProperty("removed_share") double removedShare,
      @JsonProperty("removed_share_of_nonzero") double removedShareOfNonzero)
      implements LineageEntry {
    @Override
    public String stage() {
      return "prune";
    }
  }

  /**
   * Uniform quantization of the weights (and activations).
   *
   * @param weights "32", "fp16" or the integer width
   * @param activations off, fp16 or int
   */
  record Quantize(
      String weights,
      String granularity,
      String scheme,
      String rounding,
      String activations,
      @JsonProperty("activation_bits") Integer activationBits,
      String calibration,
      @JsonProperty("calibration_examples") Integer calibrationExamples,
      @JsonProperty("calibration_content_sha256") String calibrationContentSha256)
      implements LineageEntry {
    @Override
    public String stage() {
      return "quantize";
    }

    @Override
    public boolean quantizes() {
      return true;
    }
  }

  /**
   * Quantization-aware training: epochs on fake-quantized weights, gradients by the straight-through
   * estimator, ending on the quantization grid of the preceding {@link Quantize} entry.
   *
   * @param scales {@code learned} for LSQ step sizes; null (absent, as entries written before it)
   *     for scales recomputed every step
   * @param scaleInit where the learned scales started ({@code fitted} or {@code mean}); null for
   *     recomputed scales
   * @param scaleLr the learned scales' learning rate; null for recomputed scales
   * @param learnedScales per weight tensor, its learned scales (one per output channel, or one);
   *     each weight is its code times its scale, which is how a bundle finds the codes; null for
   *     recomputed scales
   */
  record Qat(
      int epochs,
      double lr,
      @JsonProperty("batch_size") int batchSize,
      long seed,
      @JsonProperty("fake_quant_activations") boolean fakeQuantActivations,
      String loss,
      @JsonProperty("train_content_sha256") String trainContentSha256,
      String scales,
      @JsonProperty("scale_init") String scaleInit,
      @JsonProperty("scale_lr") Double scaleLr,
      @JsonProperty("learned_scales") Map<String, float[]> learnedScales)
      implements LineageEntry {
    /** Scales recomputed every step. */
    public Qat(int epochs, double lr, int batchSize, long seed, boolean fakeQuantActivations, String loss, String trainContentSha256) {
      this(epochs, lr, batchSize, seed, fakeQuantActivations, loss, trainContentSha256, null, null, null, null);
    }

    @Override
    public String stage() {
      return "qat";
    }

    @Override
    public boolean quantizes() {
      return true;
    }
  }

  /**
   * Weight sharing: per layer, every non-zero weight replaced by one of 2^bits k-means centroids.
   *
   * @param centroids per weight tensor, its codebook in index order
   */
  record Codebook(
      int bits,
      @JsonProperty("kmeans_iterations") int kmeansIterations,
      @JsonProperty("fine_tune_epochs") int fineTuneEpochs,
      double lr,
      @JsonProperty("batch_size") int batchSize,
      long seed,
      String loss,
      Map<String, float[]> centroids)
      implements LineageEntry {
    @Override
    public String stage() {
      return "codebook";
    }

    @Override
    public boolean quantizes() {
      return true;
    }
  }

  /** A stage this version does not know, kept field for field. */
  final class Other implements LineageEntry {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public Other() {}

    public Other(Map<String, Object> fields) {
      this.fields.putAll(fields);
    }

    @Override
    @JsonIgnore
    public String stage() {
      return String.valueOf(fields.get("stage"));
    }

    @JsonAnyGetter
    public Map<String, Object> fields() {
      return fields;
    }

    @JsonAnySetter
    void set(String key, Object value) {
      fields.put(key, value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
      return fields.hashCode();
    }

    @Override
    public String toString() {
      return "Other" + fields;
    }
  }
}
