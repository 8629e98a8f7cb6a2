package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several variants of one fully connected architecture run over the same images in one forward
 * pass: the quantized leaves of one parent, evaluated together.
 *
 * <p>Why: one leaf alone multiplies a batch by a narrow weight matrix, and most of a small
 * model's evaluation time goes to reading the input and to the calls around the product. The
 * first weight layer reads the same input for every variant whose input quantizer is the same
 * (all float leaves, all fp16 leaves, integer leaves with one calibrated input range), so their
 * first-layer weights are stacked along the output axis and multiplied in one product K times
 * wider: the input is read once and the BLAS runs nearer its peak. That layer carries nearly all
 * the multiply-adds of an MLP (784·300 of LeNet-300-100's 266,200 per image). Later layers read
 * each variant's own activations and run per variant, with the very call the one-at-a-time path
 * makes.
 *
 * <p>Results are bit for bit those of {@link Classifier#logits}: each column of the wide product is
 * the same dot product as in the variant's own, but the BLAS picks its kernel and blocking from
 * the matrix shape, so a wider product could sum in another order (a batched matmul does: up to
 * 5e-7 apart on these shapes, hence not used). So the first time a shape (rows, inputs, outputs,
 * variants, threads) is met in this JVM, the wide product is compared bit for bit with the
 * variants' own products; a shape whose bits differ is computed variant by variant from then on.
 *
 * <p>Owns the native copies of the weights; close it after use.
 */
public final class VariantBatch implements AutoCloseable {
  /** Verdicts on wide first-layer products, by shape: true when bit-identical to the narrow ones. */
  private static final Map<ProductShape, Boolean> EXACT_SHAPES = new ConcurrentHashMap<>();

  /**
   * The shape of a wide first-layer product: what the BLAS's choice of kernel depends on.
   *
   * @param rows images in the batch
   * @param inputs the layer's inputs
   * @param outputs one variant's outputs
   * @param variants variants side by side (the product has {@code variants × outputs} columns)
   * @param threads PyTorch's intra-op threads
   */
  public record ProductShape(int rows, int inputs, int outputs, int variants, int threads) {}

  private final Architecture architecture;
  /** {@link ArithmeticTally#forwardFlop} of the architecture, counted per example and variant of every batch. */
  private final long forwardFlop;
  private final List<Layer.Dense> layers;
  private final NDManager manager;
  /** weights.get(v)[l], biases.get(v)[l]: variant v's layer l. */
  private final List<NDArray[]> weights = new ArrayList<>();
  private final List<NDArray[]> biases = new ArrayList<>();
  private final List<LayerInputHook> hooks = new ArrayList<>();
  /** Variants that share the first layer's input, with their stacked first-layer weights. */
  private final List<SharedInput> groups = new ArrayList<>();

  private record SharedInput(List<Integer> variants, NDArray weight, NDArray bias) {}

  private VariantBatch(Architecture architecture, List<ParameterSet> parameters, List<ActivationQuantization> activations) {
    this.architecture = architecture;
    this.forwardFlop = ArithmeticTally.forwardFlop(architecture);
    this.layers = architecture.layers().stream().filter(Layer.Dense.class::isInstance).map(Layer.Dense.class::cast).toList();
    this.manager = NDManager.newBaseManager();
    try {
      Map<Object, List<Integer>> byInput = new LinkedHashMap<>();
      for (int v = 0; v < parameters.size(); v++) {
        NDArray[] w = new NDArray[layers.size()];
        NDArray[] b = new NDArray[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
          Layer.Dense layer = layers.get(l);
          w[l] = manager.create(parameters.get(v).get(layer.weightName()).values(), new Shape(layer.outputs(), layer.inputs()));
          b[l] = manager.create(parameters.get(v).get(layer.biasName()).values(), new Shape(layer.outputs()));
        }
        weights.add(w);
        biases.add(b);
        ActivationQuantization a = activations.get(v);
        hooks.add(a == null ? null : ClassifierBlocks.quantizing(a));
        byInput.computeIfAbsent(firstInputQuantizer(a), k -> new ArrayList<>()).add(v);
      }
      for (List<Integer> members : byInput.values()) {
        NDList w = new NDList();
        NDList b = new NDList();
        for (int v : members) {
          w.add(weights.get(v)[0]);
          b.add(biases.get(v)[0]);
        }
        groups.add(new SharedInput(List.copyOf(members), NDArrays.concat(w, 0), NDArrays.concat(b, 0)));
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * The shapes met so far in this JVM and whether their wide product was bit-identical (and so
   * used): what a benchmark or a test reports, to show the batched path really ran.
   */
  public static Map<ProductShape, Boolean> shapeVerdicts() {
    return Map.copyOf(EXACT_SHAPES);
  }

  /** Whether variants of {@code architecture} can be batched: a chain of a flatten and dense layers. */
  public static boolean supports(Architecture architecture) {
    if (architecture.isTorchScript() || architecture.isGraph()) {
      return false;
    }
    List<Layer> layers = architecture.layers();
    if (layers.size() < 2 || !(layers.get(0) instanceof Layer.Flatten)) {
      return false;
    }
    return layers.subList(1, layers.size()).stream().allMatch(Layer.Dense.class::isInstance);
  }

  /**
   * Loads models of one architecture that {@link #supports} for a joint forward pass.
   *
   * @throws IllegalArgumentException if the architectures differ or are not supported
   */
  public static VariantBatch open(List<ModelArtifact> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to batch");
    }
    Architecture architecture = models.get(0).architecture();
    if (!supports(architecture)) {
      throw new IllegalArgumentException("cannot batch variants of " + architecture + ": only flatten and dense layers are batched");
    }
    for (ModelArtifact m : models) {
      if (!m.architecture().equals(architecture)) {
        throw new IllegalArgumentException("cannot batch " + m.architecture() + " with " + architecture);
      }
    }
    TorchRuntime.ensureConfigured();
    return new VariantBatch(architecture,
        models.stream().map(ModelArtifact::parameters).toList(),
        models.stream().map(m -> m.manifest().activations()).toList());
  }

  public Architecture architecture() {
    return architecture;
  }

  public int size() {
    return weights.size();
  }

  /**
   * Class scores of every variant for a batch of images, in inference mode; the arrays belong to
   * {@code manager}, as {@link Classifier#logits}' do.
   */
  public List<NDArray> logits(NDManager manager, NDArray images) {
    long rows = images.getShape().get(0);
    ArithmeticTally.add(forwardFlop * rows * size());
    NDArray flat = images.reshape(new Shape(rows, -1)); // what DJL's batch-flatten block does
    NDArray[] hidden = new NDArray[size()];
    Layer.Dense first = layers.get(0);
    for (SharedInput group : groups) {
      NDArray input = hook(group.variants().get(0), first, flat);
      List<NDArray> outputs = exact(group, input) ? wide(group, input) : narrow(group, input);
      for (int i = 0; i < outputs.size(); i++) {
        hidden[group.variants().get(i)] = outputs.get(i);
      }
    }
    List<NDArray> logits = new ArrayList<>(size());
    for (int v = 0; v < size(); v++) {
      NDArray x = hidden[v];
      for (int l = 1; l < layers.size(); l++) {
        x = dense(layers.get(l), hook(v, layers.get(l), x), weights.get(v)[l], biases.get(v)[l]);
      }
      x.attach(manager);
      logits.add(x);
    }
    return logits;
  }

  /** The first layer of the group's variants as one product, split into one fresh array each. */
  private List<NDArray> wide(SharedInput group, NDArray input) {
    NDArray product = dense(layers.get(0), input, group.weight(), group.bias());
    int outputs = layers.get(0).outputs();
    List<NDArray> split = new ArrayList<>();
    for (int i = 0; i < group.variants().size(); i++) {
      // A column slice is a strided view; its clone is contiguous and freshly aligned, as the
      // narrow product's output is, so the next layer's product sees the same memory layout.
      split.add(product.get(new NDIndex(":, {}:{}", i * outputs, (i + 1) * outputs)).duplicate());
    }
    return split;
  }

  private List<NDArray> narrow(SharedInput group, NDArray input) {
    List<NDArray> outputs = new ArrayList<>();
    for (int v : group.variants()) {
      outputs.add(dense(layers.get(0), input, weights.get(v)[0], biases.get(v)[0]));
    }
    return outputs;
  }

  /** Whether the wide product of this group's shape is bit-identical to the narrow ones (tried once per shape). */
  private boolean exact(SharedInput group, NDArray input) {
    if (group.variants().size() == 1) {
      return true; // the wide product is the narrow one
    }
    Layer.Dense first = layers.get(0);
    ProductShape shape = new ProductShape((int) input.getShape().get(0), first.inputs(), first.outputs(), group.variants().size(),
        TorchRuntime.threads());
    return EXACT_SHAPES.computeIfAbsent(shape, VariantBatch::probe);
  }

  /**
   * Compares the wide and the narrow products of a shape on random Gaussian inputs, weights and
   * biases, whose full mantissas make any difference in summation order show. Not on the first real
   * batch: values on a coarse grid (quantized activations times quantized weights) can sum to the
   * same bits in any order, and a verdict taken on them would then depend on which leaves a JVM met
   * first.
   *
   * <p>Every variant's place in the wide product holds the same weights: each output column is
   * still summed where a variant's column would be, and compared with the narrow product's sum of
   * the same values. The values come from one pool of Gaussian draws made once per JVM:
   * sweeps/mini-12960.yaml meets 144 shapes (structured pruning's many widths, times the sizes of
   * the groups), and drawing each shape's inputs and every variant's weights anew was 6% of its
   * evaluation's CPU.
   */
  static boolean probe(ProductShape shape) {
    int inputs = shape.rows() * shape.inputs();
    int weights = shape.outputs() * shape.inputs();
    float[] pool = probeValues(inputs + weights + shape.outputs());
    try (NDManager probe = NDManager.newBaseManager()) {
      NDArray x = probe.create(Arrays.copyOfRange(pool, 0, inputs), new Shape(shape.rows(), shape.inputs()));
      NDArray weight = probe.create(Arrays.copyOfRange(pool, inputs, inputs + weights), new Shape(shape.outputs(), shape.inputs()));
      NDArray bias = probe.create(Arrays.copyOfRange(pool, inputs + weights, inputs + weights + shape.outputs()), new Shape(shape.outputs()));
      NDList w = new NDList();
      NDList b = new NDList();
      for (int v = 0; v < shape.variants(); v++) {
        w.add(weight);
        b.add(bias);
      }
      NDArray product = Linear.linear(x, NDArrays.concat(w, 0), NDArrays.concat(b, 0)).singletonOrThrow();
      float[] narrow = Linear.linear(x, weight, bias).singletonOrThrow().toFloatArray();
      for (int v = 0; v < shape.variants(); v++) {
        NDArray slice = product.get(new NDIndex(":, {}:{}", v * shape.outputs(), (v + 1) * shape.outputs())).duplicate();
        if (!Tensor.sameBits(slice.toFloatArray(), narrow)) {
          return false;
        }
      }
      return true;
    }
  }

  private static float[] probeValues = new float[0];

  /**
   * At least {@code count} standard Gaussian values, the same ones in every JVM: a longer pool is
   * drawn again from the same seed, so a shorter one is always its beginning.
   */
  private static synchronized float[] probeValues(int count) {
    if (probeValues.length < count) {
      Random random = new Random(20_241_202L);
      float[] values = new float[count];
      for (int i = 0; i < count; i++) {
        values[i] = (float) random.nextGaussian();
      }
      probeValues = values;
    }
    return probeValues;
  }

  static NDArray gaussian(NDManager manager, Random random, int rows, int columns) {
    float[] values = new float[rows * columns];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(rows, columns));
  }

  /** The same calls DJL's Linear and ReLU blocks make in {@link ClassifierBlocks}' chain. */
  static NDArray dense(Layer.Dense layer, NDArray input, NDArray weight, NDArray bias) {
    NDArray y = Linear.linear(input, weight, bias).singletonOrThrow();
    return layer.relu() ? Activation.relu(y) : y;
  }

  private NDArray hook(int variant, Layer.Dense layer, NDArray input) {
    LayerInputHook h = hooks.get(variant);
    return h == null ? input : h.apply(layer.name(), input);
  }

  /** What the first layer's input goes through; variants with equal keys read the same input. */
  private Object firstInputQuantizer(ActivationQuantization a) {
    if (a == null) {
      return "float";
    }
    if (a.isFp16()) {
      return "fp16";
    }
    return Objects.requireNonNull(a.inputs().get(layers.get(0).name()), "no calibrated range for the input of " + layers.get(0).name());
  }

  @Override
  public void close() {
    manager.close();
  }
}
