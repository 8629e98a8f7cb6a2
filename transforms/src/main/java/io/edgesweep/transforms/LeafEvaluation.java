package io.edgesweep.transforms;

import java.io.Serializable;

/**
 * What evaluating one distinct model on the validation split measured, as stored in the store.
 *
 * <p>Only quantities that depend on the model and the data: a re-run that finds this entry
 * reports exactly the same numbers without a forward pass.
 *
 * @param correct examples whose arg-max class is the label
 * @param examples examples in the validation split
 * @param meanCrossEntropy mean softmax cross-entropy in nats
 * @param teacherAgreement share of examples where the model and the teacher predict the same class
 */
public record LeafEvaluation(long correct, long examples, double meanCrossEntropy, double teacherAgreement) implements Serializable {}
