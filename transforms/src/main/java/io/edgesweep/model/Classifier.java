package io.edgesweep.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier loaded into DJL's PyTorch engine: a built block or a TorchScript module, bound to
 * named parameters.
 *
 * <p>Owns its DJL {@link Model} and with it all the native memory of its weights; close it (in a
 * try-with-resources) to free them. Parameters move in and out as {@link ParameterSet}s, so a
 * compression step reads the weights, changes them in Java and writes them back in place.
 */
public final class Classifier implements AutoCloseable {
  private final Architecture architecture;
  private final Model model;
  private final Map<String, Parameter> parameters;
  private final Path temporaryFile;
  /** {@link ArithmeticTally#forwardFlop} of the architecture, counted per example of every forward pass. */
  private final long forwardFlop;

  private Classifier(Architecture architecture, Model model, Map<String, Parameter> parameters, Path temporaryFile) {
    this.architecture = architecture;
    this.forwardFlop = ArithmeticTally.forwardFlop(architecture);
    this.model = model;
    this.parameters = parameters;
    this.temporaryFile = temporaryFile;
  }

  /**
   * Builds (or loads, for TorchScript) the model and writes {@code values} into its parameters.
   *
   * @param activations fake quantization of layer inputs, or null for a float forward pass
   * @param torchScript the TorchScript module's bytes, required for torchscript architectures
   */
  public static Classifier open(
      Architecture architecture, ParameterSet values, ActivationQuantization activations, byte[] torchScript) {
    TorchRuntime.ensureConfigured();
    if (architecture.isTorchScript()) {
      return openTorchScript(architecture, values, activations, torchScript);
    }
    return openBuilt(architecture, values, activations == null ? null : ClassifierBlocks.quantizing(activations));
  }

  /**
   * Builds the model with {@code hook} on the input of every weight layer, as calibration needs.
   * Only for DJL-built architectures: a TorchScript graph has no place to put the hook.
   */
  public static Classifier openWithHook(Architecture architecture, ParameterSet values, LayerInputHook hook) {
    TorchRuntime.ensureConfigured();
    if (architecture.isTorchScript()) {
      throw new UnsupportedOperationException("layer input hooks need a DJL-built architecture, not " + architecture);
    }
    return openBuilt(architecture, values, hook);
  }

  private static Classifier openBuilt(Architecture architecture, ParameterSet values, LayerInputHook hook) {
    Model model = Model.newInstance("edgesweep", "PyTorch");
    try {
      Block block = ClassifierBlocks.build(architecture, hook);
      model.setBlock(block);
      Shape input = architecture.inputShape() == null
          ? new Shape(1, architecture.inputFeatures())
          : new Shape(1, architecture.inputShape().channels(), architecture.inputShape().height(), architecture.inputShape().width());
      // The values are loaded right after: DJL's random initial values (a normal draw per weight)
      // would only be overwritten, at the cost of a draw per model built.
      block.setInitializer(Initializer.ZEROS, parameter -> true);
      block.initialize(model.getNDManager(), DataType.FLOAT32, input);
      List<String> names = List.copyOf(architecture.parameterShapes().keySet());
      List<Pair<String, Parameter>> djl = block.getParameters().stream().toList();
      if (djl.size() != names.size()) {
        throw new IllegalStateException("block has " + djl.size() + " parameters, architecture names " + names.size());
      }
      Map<String, Parameter> bound = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        bound.put(names.get(i), djl.get(i).getValue());
      }
      Classifier classifier = new Classifier(architecture, model, bound, null);
      classifier.load(values);
      return classifier;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static Classifier openTorchScript(
      Architecture architecture, ParameterSet values, ActivationQuantization activations, byte[] torchScript) {
    if (activations != null) {
      throw new UnsupportedOperationException(
          "activation quantization needs a DJL-built architecture; a TorchScript graph cannot be given quantizers ("
              + architecture + "). Quantize its weights only (activations: off).");
    }
    if (torchScript == null) {
      throw new IllegalArgumentException("no TorchScript module given for " + architecture);
    }
    Path file = null;
    Model model = Model.newInstance("edgesweep", "PyTorch");
    try {
      file = Files.createTempFile("edgesweep-", ".pt");
      Files.write(file, torchScript);
      // Loaded with "trainParam" so that the parameters are ordinary tensors: without it DJL loads them
      // as inference tensors, which refuse the in-place copy that load(values) makes. They are
      // frozen again at once; a forward pass is the same either way.
      model.load(file, null, Map.of("trainParam", "true"));
      Block block = model.getBlock();
      block.freezeParameters(true);
      Map<String, Parameter> bound = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        bound.put(p.getKey(), p.getValue());
      }
      Classifier classifier = new Classifier(architecture, model, bound, file);
      if (values != null) {
        classifier.load(values);
      }
      return classifier;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      deleteQuietly(file);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new InvalidInputException(architecture.spec(), null, "cannot load TorchScript module: " + message, e);
    }
  }

  /** Reads the current values of a TorchScript module's parameters, as loaded from its file. */
  public static ParameterSet torchScriptParameters(Architecture architecture, byte[] torchScript) {
    try (Classifier classifier = openTorchScript(architecture, null, null, torchScript)) {
      return classifier.parameters();
    }
  }

  public Architecture architecture() {
    return architecture;
  }

  public Model model() {
    return model;
  }

  public Block block() {
    return model.getBlock();
  }

  /** The DJL parameters by their edgesweep names, for in-place updates such as masks. */
  public Map<String, Parameter> djlParameters() {
    return parameters;
  }

  /** Copies {@code values} into the model's parameters; names and shapes must match. */
  public void load(ParameterSet values) {
    if (!values.names().equals(parameters.keySet())) {
      throw new IllegalArgumentException(
          "parameters " + values.names() + " do not match the model's " + parameters.keySet() + " (" + architecture + ")");
    }
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      Tensor tensor = values.get(entry.getKey());
      NDArray array = entry.getValue().getArray();
      long[] expected = array.getShape().getShape();
      if (!Arrays.equals(expected, Arrays.stream(tensor.shape()).asLongStream().toArray())) {
        throw new IllegalArgumentException(
            entry.getKey() + " has shape " + Arrays.toString(tensor.shape()) + ", the model expects " + array.getShape());
      }
      array.set(FloatBuffer.wrap(tensor.values()));
    }
  }

  /** A copy of the current parameter values. */
  public ParameterSet parameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
      NDArray array = entry.getValue().getArray();
      int[] shape = Arrays.stream(array.getShape().getShape()).mapToInt(Math::toIntExact).toArray();
      out.put(entry.getKey(), new Tensor(shape, array.toType(DataType.FLOAT32, false).toFloatArray()));
    }
    return new ParameterSet(out);
  }

  /** Every output of the forward pass (a model that returns a tuple gives several), in inference mode. */
  public NDList outputs(NDManager manager, NDArray images) {
    return model.getBlock().forward(new ParameterStore(manager, false), new NDList(images), false);
  }

  /** Class scores for a batch of images [B, C, H, W], in inference mode. */
  public NDArray logits(NDManager manager, NDArray images) {
    NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(images), false);
    ArithmeticTally.add(forwardFlop * images.getShape().get(0));
    return out.head();
  }

  @Override
  public void close() {
    model.close();
    deleteQuietly(temporaryFile);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A temporary copy in the system's temp folder; nothing depends on its removal.
      }
    }
  }
}
