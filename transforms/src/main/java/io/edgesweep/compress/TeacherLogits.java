package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.InMemoryBatches;
import io.edgesweep.model.Classifier;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.ParameterSet;
import io.edgesweep.model.Predictions;
import io.edgesweep.model.SafetensorsFormat;
import io.edgesweep.model.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The teacher's class scores on every example of the train split, computed once and shared by
 * every distillation and KD fine-tune of a sweep.
 *
 * <p>A sweep distils |T| students and fine-tunes |T|·|p| pruned ones; running the teacher over
 * 55,000 images for each would cost more than some of those trainings. The logits are kept in
 * split order (row i is example i, as {@link io.edgesweep.data.ImageBatch#indices()} numbers it)
 * with the SHA-256 of the teacher's parameters and of the split's content, so a stage that is
 * handed logits of another teacher or another split says so instead of training on them.
 *
 * <p>Stored as safetensors ({@link #encode()}): one F32 tensor {@code logits} of shape [N, K]
 * with the two hashes in the metadata, readable from Python with {@code safetensors}.
 */
public final class TeacherLogits {
  public static final String FORMAT = "edgesweep-teacher-logits/1";
  static final String TENSOR = "logits";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final float[] logits;
  private final int examples;
  private final int classes;
  private final String teacherSha256;
  private final String datasetSha256;
  /** Softened distributions by temperature: shared by every student and fine-tune that reads these logits. */
  private final Map<Double, SoftTargets> softened = new ConcurrentHashMap<>();

  public TeacherLogits(float[] logits, int examples, int classes, String teacherSha256, String datasetSha256) {
    if (classes < 1 || examples < 0 || (long) examples * classes != logits.length) {
      throw new IllegalArgumentException(logits.length + " logits are not " + examples + " rows of " + classes + " classes");
    }
    this.logits = logits;
    this.examples = examples;
    this.classes = classes;
    this.teacherSha256 = teacherSha256;
    this.datasetSha256 = datasetSha256;
  }

  /** Runs the teacher (with its activation quantizers, if it has any) over the split in order. */
  public static TeacherLogits compute(ModelArtifact teacher, ImageDataset train) {
    Predictions predictions;
    try (Classifier classifier = teacher.open()) {
      predictions = Predictions.of(classifier, new InMemoryBatches(train), 1000);
    }
    return new TeacherLogits(
        predictions.logits(), train.size(), predictions.classes(), teacher.parametersSha256(), datasetSha256(train));
  }

  /** softmax(logits / T) of every row, computed once per temperature. */
  SoftTargets softened(double temperature) {
    return softened.computeIfAbsent(temperature, t -> SoftTargets.of(logits, examples, classes, t));
  }

  /** The logits, N rows of K in split order; the caller must not modify the array. */
  public float[] logits() {
    return logits;
  }

  public int examples() {
    return examples;
  }

  public int classes() {
    return classes;
  }

  /** The {@link ModelArtifact#parametersSha256()} of the teacher that produced them. */
  public String teacherSha256() {
    return teacherSha256;
  }

  /** The {@link #datasetSha256(ImageDataset)} of the split they were computed on. */
  public String datasetSha256() {
    return datasetSha256;
  }

  /** Safetensors bytes: the logits as F32 [N, K], the format and the two hashes as metadata. */
  public byte[] encode() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", FORMAT);
    metadata.put("teacher_sha256", teacherSha256);
    metadata.put("dataset_sha256", datasetSha256);
    return SafetensorsFormat.encode(
        new ParameterSet(Map.of(TENSOR, new Tensor(new int[] {examples, classes}, logits))), metadata);
  }

  /** Reads what {@link #encode()} wrote; {@code source} names the file or URI in errors. */
  public static TeacherLogits decode(byte[] bytes, String source) {
    SafetensorsFormat.Decoded decoded = SafetensorsFormat.decode(bytes, source);
    Map<String, String> metadata = decoded.metadata();
    if (!FORMAT.equals(metadata.get("format"))) {
      throw new InvalidInputException(source, "format", "is " + metadata.get("format") + ", expected " + FORMAT + ": not teacher logits");
    }
    String teacher = metadata.get("teacher_sha256");
    String dataset = metadata.get("dataset_sha256");
    for (Map.Entry<String, String> e : Map.of("teacher_sha256", String.valueOf(teacher), "dataset_sha256", String.valueOf(dataset)).entrySet()) {
      if (!SHA256.matcher(e.getValue()).matches()) {
        throw new InvalidInputException(source, e.getKey(), "is " + e.getValue() + ", not a SHA-256 in lowercase hex");
      }
    }
    if (!decoded.parameters().names().equals(Set.of(TENSOR))) {
      throw new InvalidInputException(source, null, "holds " + decoded.parameters().names() + ", expected one tensor named " + TENSOR);
    }
    Tensor t = decoded.parameters().get(TENSOR);
    if (t.rank() != 2 || t.dim(1) < 1) {
      throw new InvalidInputException(source, TENSOR, "has shape " + Arrays.toString(t.shape()) + ", expected [examples, classes]");
    }
    return new TeacherLogits(t.values(), t.dim(0), t.dim(1), teacher, dataset);
  }

  /**
   * Checks that these are the logits of {@code teacher} on {@code train}, naming what differs.
   *
   * @param use what the logits are about to be used for, for the message
   */
  public void checkMatches(ModelArtifact teacher, ImageDataset train, String use) {
    if (teacher != null && !teacher.parametersSha256().equals(teacherSha256)) {
      throw new InvalidInputException("teacher logits", "teacher_sha256",
          "were computed by the teacher with parameters " + teacherSha256 + ", but " + use + " needs those of " + teacher.parametersSha256());
    }
    checkMatches(train, use);
  }

  /** Checks that these logits belong to {@code train}, example for example. */
  public void checkMatches(ImageDataset train, String use) {
    if (train.size() != examples) {
      throw new InvalidInputException("teacher logits", "examples", "has " + examples + " rows, the train split for " + use + " has " + train.size() + " examples");
    }
    if (train.classCount() != classes) {
      throw new InvalidInputException("teacher logits", "classes", "has " + classes + " classes, the train split has " + train.classCount());
    }
    String actual = datasetSha256(train);
    if (!actual.equals(datasetSha256)) {
      throw new InvalidInputException("teacher logits", "dataset_sha256",
          "were computed on a split with content SHA-256 " + datasetSha256 + ", the train split for " + use + " has " + actual);
    }
  }

  /** The split's {@link ImageDataset#contentSha256() content SHA-256}, which logits are tied to. */
  public static String datasetSha256(ImageDataset data) {
    return data.contentSha256();
  }
}
