package io.edgesweep.export;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnx.proto.OnnxMl;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.onnx.OnnxRuntimeNatives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    OrtEnvironment env = OnnxRuntimeNatives.environment();
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

  /** Opens and closes a session: ONNX Runtime's full check of the model, or an error naming {@code source}. */
  public static void check(byte[] model, String source) {
    try (OrtSession session = open(model, Level.ALL, source)) {
      // Creating the session is the check.
    } catch (OrtException e) {
      throw new InvalidInputException(source, null, "ONNX Runtime cannot close the session: " + e.getMessage(), e);
    }
  }

  /**
   * The operators ONNX Runtime runs after its default graph optimizations, in graph order, with
   * their domain when it is not ONNX's own ({@code com.microsoft:QGemm}): shows whether quantized
   * layers became integer kernels.
   */
  public static List<String> optimizedOperators(byte[] model, String source) {
    Path file = null;
    try {
      file = Files.createTempFile("edgesweep-optimized-", ".onnx");
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(1);
        options.setOptimizedModelFilePath(file.toString());
        // ONNX Runtime warns that a fully optimized graph may hold host-specific ops; it is only read here, never run.
        options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        try (OrtSession session = OnnxRuntimeNatives.environment().createSession(model, options)) {
          // Creating the session writes the optimized graph.
        }
      }
      List<String> ops = new ArrayList<>();
      for (OnnxMl.NodeProto node : OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getNodeList()) {
        ops.add(node.getDomain().isEmpty() ? node.getOpType() : node.getDomain() + ":" + node.getOpType());
      }
      return ops;
    } catch (OrtException e) {
      throw new InvalidInputException(source, null, "ONNX Runtime refuses the model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX Runtime's optimized graph of " + source, e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A temporary file; nothing depends on its removal.
        }
      }
    }
  }
}
