package io.edgesweep.transforms;

import java.io.Serializable;
import java.util.List;

/**
 * One distinct quantize-and-evaluate run: a leaf of the stage tree, serving one or more variants.
 *
 * <p>Several variants share a leaf when their models are the same: 32-bit weights under two
 * granularities, or ratio 0 under two pruning methods. The leaf runs once and reports for all.
 *
 * @param identity true when the stage leaves the model as it is (32-bit weights, float activations)
 */
public record QuantizeTask(
    String key,
    String parentKind,
    String parentKey,
    String weights,
    String granularity,
    String scheme,
    String activations,
    boolean identity,
    String evaluationKey,
    List<VariantCoordinates> variants)
    implements Serializable {}
