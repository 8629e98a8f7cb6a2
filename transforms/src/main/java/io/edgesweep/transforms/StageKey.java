package io.edgesweep.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.edgesweep.model.ModelArtifact;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content address of a stage's output: a hash of its parent's address, the stage and its
 * parameters, and the format version.
 *
 * <p>Computed before the stage runs, so a worker can tell from the key alone whether the work was
 * already done. Anything that changes the output must be in the parameters (the seed, the data's
 * hash, epochs); anything that does not (where the output is written) must not, or re-runs would
 * miss the store. Bump {@link #FORMAT} when a stage's code changes what it computes.
 */
public final class StageKey {
  /**
   * Changes whenever a stage would compute something different from the same inputs. 2: the
   * distillation loss's scalars no longer live in freed memory during the backward pass
   * (TorchScalars); an entry of format 1 that a KD loss trained may hold a step with a wrong
   * gradient, so none is reused.
   */
  public static final String FORMAT = "edgesweep-stage/2";

  private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private StageKey() {}

  public static String of(String parentKey, String stage, Map<String, ?> parameters) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("format", FORMAT);
    content.put("parent", parentKey);
    content.put("stage", stage);
    content.put("parameters", new TreeMap<>(parameters));
    try {
      return ModelArtifact.sha256(CANONICAL.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("stage parameters must be plain values: " + parameters, e);
    }
  }
}
