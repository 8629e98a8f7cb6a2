package io.edgesweep.export;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.edgesweep.InvalidInputException;

/**
 * Opens ONNX Runtime sessions the way edgesweep checks its exports.
 *
 * <p>Session creation is ONNX Runtime's full check of a model: it parses the protobuf, resolves the
 * graph against the operator schemas of the model's opsets, and runs type and shape inference;
 * with {@code session.strict_shape_type_inference} an inference failure is an error rather than a
 * warning. Two levels of graph optimization matter here: {@link Level#ALL}, what a deployment gets
 * by default, fuses QDQ groups into integer kernels (QLinearConv, QGemm, ...); {@link Level#NONE}
 * runs every node as written, in float, which is the sweep's simulation step for step.
 */
public final class OnnxSessions {
  private OnnxSessions() {}

  public enum Level {
    NONE,
    ALL
  }

  /**
   * @param source the file or description named in an error
   */
  public static OrtSession open(byte[] model, Level level, String source) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addConfigEntry("session.strict_shape_type_inference", "1");
      options.setOptimizationLevel(level == Level.ALL ? OrtSession.SessionOptions.OptLevel.ALL_OPT : OrtSession.SessionOptions.OptLevel.NO_OPT);
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      return env.createSession(model, options);
    } catch (OrtException e) {
      throw new InvalidInputException(source, null, "ONNX Runtime refuses the model: " + e.getMessage(), e);
    }
  }
}
