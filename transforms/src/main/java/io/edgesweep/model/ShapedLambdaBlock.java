package io.edgesweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A parameterless DJL block that states its output shape instead of running itself on zeros to
 * learn it.
 *
 * <p>DJL's {@link LambdaBlock} finds its output shape by applying its function to an array of
 * zeros every time a model is built. A sweep builds a model for every leaf it calibrates (ten
 * thousand at the widest grids), where those trial runs cost a tenth of the calibration, and a
 * calibration hook would take their zeros for data. These blocks have the names and the (empty)
 * parameter-file entries of DJL's own ReLU, flatten and lambda blocks, so parameter files stay
 * loadable by a model built from DJL's blocks.
 */
final class ShapedLambdaBlock extends LambdaBlock {
  private final UnaryOperator<Shape> outputShape;

  private ShapedLambdaBlock(Function<NDArray, NDArray> function, String name, UnaryOperator<Shape> outputShape) {
    super(list -> new NDList(function.apply(list.singletonOrThrow())), name);
    this.outputShape = outputShape;
  }

  /** A block whose output has its input's shape (a hook, an activation). */
  static ShapedLambdaBlock sameShape(Function<NDArray, NDArray> function, String name) {
    return new ShapedLambdaBlock(function, name, UnaryOperator.identity());
  }

  /** {@link Activation#reluBlock()}. */
  static ShapedLambdaBlock relu() {
    return sameShape(Activation::relu, "ReLU");
  }

  /** {@link Blocks#batchFlattenBlock()}: (batch, everything else). */
  static ShapedLambdaBlock batchFlatten() {
    return new ShapedLambdaBlock(Blocks::batchFlatten, "batchFlatten", s -> new Shape(s.get(0), s.slice(1).size()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] out = new Shape[inputShapes.length];
    for (int i = 0; i < inputShapes.length; i++) {
      out[i] = outputShape.apply(inputShapes[i]);
    }
    return out;
  }
}
