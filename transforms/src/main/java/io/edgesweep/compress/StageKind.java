package io.edgesweep.compress;

import io.edgesweep.model.LineageEntry;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.Tensor;
import io.edgesweep.spec.SpecNode;
import java.io.Serializable;
import java.util.List;

/**
 * A kind of compression stage, as a plug-in: what a sweep needs to know to put it in its grid.
 *
 * <p>A kind names itself (the artifact-store folder, the counters and the lineage use the name),
 * reads its typed settings from its section of the spec's grid, and says which columns it adds to
 * variants.parquet. Everything else (a setting's key parameters, how a parent becomes a new model)
 * is on the {@link StageChoice}s its spec expands into. Grid expansion, stage sharing, counters,
 * columns and the pipeline's transforms loop over an ordered list of kinds ({@link Stages}) and
 * never name one.
 */
public interface StageKind extends Serializable {

  /** The stage's name: store folder, counter prefix and lineage entry, as in {@code prune}. */
  String name();

  /** Its section under the spec's {@code grid}, as in {@code pruning}. */
  String section();

  /** Whether a spec must have the section; an optional stage absent from the spec is not in the grid. */
  boolean required();

  /** The Beam label of its transform, an UpperCamel verb phrase as in {@code PruneVariants}. */
  String label();

  /** The columns it adds to every variant's row, in order. */
  List<StageColumn> columns();

  /**
   * Reads and checks its section of the spec's grid.
   *
   * @param section the section, whose errors name the spec file and key path
   * @param seed the sweep's seed, for stages that train
   */
  StageSpec read(SpecNode section, long seed);

  /**
   * The storage format of weights this kind's lineage entry put on a new grid, or null when the
   * kind leaves the format as it was (distillation, pruning, QAT on the quantizer's grid). The cost
   * model asks the last kind in a model's lineage that answers; the quantize stage's linear
   * formats are the cost model's own ({@code transforms.Footprints}).
   */
  default WeightFormat weightFormat(LineageEntry entry) {
    return null;
  }

  /**
   * A weight's codes as a bundle stores them, in the format this kind's lineage entry brought
   * ({@link #weightFormat} not null); null otherwise. The bundle asks the same kind the cost model
   * asked, so the layout holds exactly what the estimate counted.
   *
   * @param name the weight's name, for errors
   * @param weight the model's weight, which must lie on the entry's grid
   */
  default CodeLayout.Packed pack(LineageEntry entry, String name, Tensor weight) {
    return null;
  }

  /** Readers of the bundle layouts this kind's formats write ({@link #pack}), by their manifest code. */
  default List<CodeLayout.Reader> codeReaders() {
    return List.of();
  }

  /**
   * The integer codes of a model whose weights this kind's lineage entry left on the quantize
   * stage's grid but with scales of its own (learned ones), or null when quantizing the model's
   * float parent with the recorded settings re-derives them (the default). The bundle and the ONNX
   * export ask the last kind in the lineage that answers, back to the quantize entry.
   */
  default QuantizedWeights codes(LineageEntry entry, ModelArtifact model) {
    return null;
  }

  /**
   * Applies several choices of this kind, each to its parent with its inputs, as {@link
   * StageChoice#apply} would one at a time; a kind that trains overrides it to train those it can
   * together, with the same results bit for bit. Called only for choices that do not pass through.
   */
  default List<ModelArtifact> applyTogether(List<StageChoice> choices, List<ModelArtifact> parents, List<StageInputs> inputs) {
    List<ModelArtifact> out = new java.util.ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      out.add(choices.get(i).apply(parents.get(i), inputs.get(i)));
    }
    return out;
  }
}
