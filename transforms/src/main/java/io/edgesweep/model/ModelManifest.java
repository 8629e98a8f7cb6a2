package io.edgesweep.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a model artifact says about itself in {@code manifest.json}.
 *
 * <p>Enough to rebuild and check the model (architecture, input, classes, parameter hash,
 * activation quantizers) and to trace it (every stage from the teacher down, with its parameters,
 * the command that made it and the data it saw).
 *
 * @param format the artifact layout version, {@value ModelArtifact#FORMAT}
 * @param lineage the stages that made this model, oldest first: typed entries whose JSON is
 *     {@code {"stage": "train", ...}}, as earlier versions wrote it
 * @param activations null for a float forward pass
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelManifest(
    String format,
    String arch,
    String inputShape,
    List<String> classNames,
    long parameterCount,
    long nonZeroParameters,
    String parametersSha256,
    List<LineageEntry> lineage,
    ActivationQuantization activations,
    String command,
    Map<String, String> provenance,
    Map<String, Object> metrics)
    implements Serializable {}
