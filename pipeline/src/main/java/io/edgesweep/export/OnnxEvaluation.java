package io.edgesweep.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.onnx.OnnxImageBatches;
import io.edgesweep.model.onnx.OnnxRuntimeNatives;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ImageShape;
import io.edgesweep.evaluate.AccuracyEstimate;
import io.edgesweep.model.Predictions;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported ONNX model in ONNX Runtime over a labelled split and says whether it matches the
 * accuracy the sweep measured there.
 *
 * <p>Images go in as the sweep feeds them (pixel / 255, [N, C, H, W]); the predicted class is the
 * arg-max of the logits with ties to the lower index, as in the sweep ({@link Predictions}). The
 * split is recognised as the sweep's by the SHA-256 in the model's metadata ({@link
 * OnnxProvenance}).
 */
public final class OnnxEvaluation {
  private OnnxEvaluation() {}

  /**
   * The outcome on one split.
   *
   * @param split "validation" or "test" when the data is the sweep's split, else null
   * @param expected what the sweep measured on that split, or null when it measured nothing there
   */
  public record Result(Predictions predictions, AccuracyEstimate accuracy, OnnxProvenance provenance, String split, AccuracyEstimate expected) {
    /** Whether the count of correct predictions equals the sweep's; true when there is nothing to compare. */
    public boolean matches() {
      return expected == null || expected.correct() == accuracy.correct() && expected.n() == accuracy.n();
    }
  }

  /**
   * @param dataSha256 the SHA-256 of the split's file, to recognise the sweep's own splits (may be null)
   * @param source the model's file, named in errors
   */
  public static Result run(byte[] model, ImageDataset data, String dataSha256, OnnxSessions.Level level, int batchSize, String source) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive: " + batchSize);
    }
    try (OrtSession session = OnnxSessions.open(model, level, source)) {
      OnnxProvenance provenance = OnnxProvenance.fromMetadata(session.getMetadata().getCustomMetadata());
      Predictions predictions = predict(session, data, batchSize, source);
      AccuracyEstimate accuracy = AccuracyEstimate.of(predictions.correct(), predictions.size());
      String split = provenance.splitOf(dataSha256);
      return new Result(predictions, accuracy, provenance, split, provenance.measured(split));
    } catch (OrtException e) {
      throw new InvalidInputException(source, null, "ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** The model's logits on every example of {@code data}, in split order. */
  static Predictions predict(OrtSession session, ImageDataset data, int batchSize, String source) throws OrtException {
    ImageShape shape = data.shape();
    String inputName = inputName(session, source);
    long[] expected = ((ai.onnxruntime.TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
    if (expected.length != 4 || !fits(expected[1], shape.channels()) || !fits(expected[2], shape.height()) || !fits(expected[3], shape.width())) {
      throw new InvalidInputException(source, inputName, "takes " + Arrays.toString(expected)
          + ", the data's images are " + shape);
    }
    int classes = data.classCount();
    float[] logits = new float[data.size() * classes];
    OnnxImageBatches.forEach(OnnxRuntimeNatives.environment(), data, batchSize,
        n -> new long[] {n, shape.channels(), shape.height(), shape.width()},
        (start, n, images) -> {
          try (OrtSession.Result result = session.run(Map.of(inputName, images))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long scores = out.getInfo().getShape()[1];
            if (scores != classes) {
              throw new InvalidInputException(source, OnnxExport.OUTPUT, scores + " scores per example, the data has " + classes + " classes");
            }
            out.getFloatBuffer().get(logits, start * classes, n * classes);
          }
        });
    return new Predictions(logits, data.labels().clone(), classes);
  }

  /**
   * edgesweep's own exports name their input {@code image}; a model from elsewhere (torch.onnx.export
   * names it as the user did) is run through its one input.
   */
  private static String inputName(OrtSession session, String source) {
    if (session.getInputNames().contains(OnnxExport.INPUT)) {
      return OnnxExport.INPUT;
    }
    if (session.getNumInputs() == 1) {
      return session.getInputNames().iterator().next();
    }
    throw new InvalidInputException(source, OnnxExport.INPUT, "has no input named '" + OnnxExport.INPUT + "' and "
        + session.getNumInputs() + " inputs " + session.getInputNames() + "; a classifier takes one image tensor");
  }

  /** A symbolic dimension (-1) takes whatever the data has. */
  private static boolean fits(long declared, int actual) {
    return declared < 0 || declared == actual;
  }

}
