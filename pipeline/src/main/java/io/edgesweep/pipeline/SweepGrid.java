package io.edgesweep.pipeline;

import io.edgesweep.compress.GridContext;
import io.edgesweep.compress.StageChoice;
import io.edgesweep.compress.StageInputs;
import io.edgesweep.compress.StageKind;
import io.edgesweep.compress.StageSpec;
import io.edgesweep.transforms.StageKey;
import io.edgesweep.transforms.StageKinds;
import io.edgesweep.transforms.StageTask;
import io.edgesweep.transforms.VariantCoordinates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a spec's grid into a tree of distinct stage runs, one level per stage kind in the spec's
 * order (distill, prune, quantize, then any optional stages).
 *
 * <p>A variant is one path from root to leaf. Each node is keyed by the content address of its
 * output, so a node appears once however many variants pass through it: |T| students cost |T|
 * distillations, not |T|·|p|·|b|. Stages that change nothing (ratio 0, 32-bit weights with float
 * activations, the teacher's own architecture without a temperature) take their parent's key and
 * so merge with it. Nothing here names a stage kind.
 */
public final class SweepGrid {
  private final List<StageKind> kinds;
  private final List<StageTask> roots;
  private final List<VariantCoordinates> variants;

  private SweepGrid(List<StageKind> kinds, List<StageTask> roots, List<VariantCoordinates> variants) {
    this.kinds = kinds;
    this.roots = roots;
    this.variants = variants;
  }

  /**
   * @param teacherKey the teacher's content address
   * @param teacherArch the teacher's architecture spec, which the student "teacher" stands for
   * @param data the SHA-256 of each split the stages read
   */
  public static SweepGrid expand(SweepSpec spec, String teacherKey, String teacherArch, DataFingerprint data) {
    return expand(spec.stages(), new GridContext(teacherKey, teacherArch, data.train(), data.validation(), data.calibration()));
  }

  public static SweepGrid expand(List<StageSpec> stages, GridContext context) {
    Node root = new Node(null, context.teacherKey(), StageKinds.TEACHER, null, StageKinds.TEACHER, context.teacherKey());
    List<VariantCoordinates> variants = new ArrayList<>();
    grow(root, stages, 0, new ArrayList<>(), context, variants);
    List<StageTask> roots = root.children.values().stream().map(n -> n.task(stages.size() - 1, 0, context)).toList();
    return new SweepGrid(stages.stream().map(StageSpec::kind).toList(), roots, variants);
  }

  /** Adds every path below {@code parent} from stage {@code depth} on, in grid order. */
  private static void grow(Node parent, List<StageSpec> stages, int depth, List<StageChoice> path, GridContext context,
      List<VariantCoordinates> variants) {
    if (depth == stages.size()) {
      VariantCoordinates variant = new VariantCoordinates(String.format("v%03d", variants.size() + 1), path);
      parent.variants.add(variant);
      variants.add(variant);
      return;
    }
    for (StageChoice choice : stages.get(depth).choices(context, List.copyOf(path))) {
      Node node;
      if (choice.passesThrough()) {
        node = parent.children.computeIfAbsent(parent.key,
            k -> new Node(choice, k, parent.outputKind, parent, parent.floatKind, parent.floatKey));
      } else {
        String key = StageKey.of(parent.key, choice.kind().name(), choice.keyParameters(context));
        String kind = choice.kind().name();
        node = parent.children.computeIfAbsent(key, k -> choice.roundsParent()
            ? new Node(choice, k, kind, parent, parent.outputKind, parent.key)
            : new Node(choice, k, kind, parent, kind, k));
      }
      path.add(choice);
      grow(node, stages, depth + 1, path, context, variants);
      path.remove(path.size() - 1);
    }
  }

  /** The stage kinds, in order. */
  public List<StageKind> kinds() {
    return kinds;
  }

  /** The first stage's distinct nodes, each carrying the nodes below it. */
  public List<StageTask> roots() {
    return roots;
  }

  public List<VariantCoordinates> variants() {
    return variants;
  }

  /** Runs of each stage kind that change the model (a node passing its parent through does not count), by kind name. */
  public Map<String, Integer> runs() {
    Map<String, Integer> runs = new LinkedHashMap<>();
    kinds.forEach(k -> runs.put(k.name(), 0));
    count(roots, runs);
    return runs;
  }

  private static void count(List<StageTask> tasks, Map<String, Integer> runs) {
    for (StageTask t : tasks) {
      if (!t.passesThrough()) {
        runs.merge(t.stage(), 1, Integer::sum);
      }
      count(t.children(), runs);
    }
  }

  /** Distinct leaves, each evaluated once. */
  public int leaves() {
    return allLeaves().size();
  }

  /** All leaves, flattened, for progress tracking. */
  public List<StageTask> allLeaves() {
    List<StageTask> leaves = new ArrayList<>();
    collect(roots, leaves);
    return leaves;
  }

  private static void collect(List<StageTask> tasks, List<StageTask> leaves) {
    for (StageTask t : tasks) {
      if (t.isLeaf()) {
        leaves.add(t);
      } else {
        collect(t.children(), leaves);
      }
    }
  }

  /** A node while the tree grows; frozen into a {@link StageTask} at the end. */
  private static final class Node {
    final StageChoice choice;
    final String key;
    final String outputKind;
    final Node parent;
    final String floatKind;
    final String floatKey;
    final Map<String, Node> children = new LinkedHashMap<>();
    final List<VariantCoordinates> variants = new ArrayList<>();

    /** @param parent null for the teacher at the root */
    Node(StageChoice choice, String key, String outputKind, Node parent, String floatKind, String floatKey) {
      this.choice = choice;
      this.key = key;
      this.outputKind = outputKind;
      this.parent = parent;
      this.floatKind = floatKind;
      this.floatKey = floatKey;
    }

    StageTask task(int lastDepth, int depth, GridContext context) {
      boolean leaf = depth == lastDepth;
      String evaluationKey = leaf ? StageKey.of(key, StageKinds.EVALUATION_STAGE, evaluationParameters(context)) : null;
      List<StageTask> tasks = leaf ? List.of() : children.values().stream().map(n -> n.task(lastDepth, depth + 1, context)).toList();
      return new StageTask(key, outputKind, parent.outputKind, parent.key, choice, floatKind, floatKey, parent.path(), tasks,
          evaluationKey, variants);
    }

    /** This node's path from the teacher, itself last. */
    List<StageInputs.Ancestor> path() {
      List<StageInputs.Ancestor> path = parent == null ? new ArrayList<>() : parent.path();
      path.add(new StageInputs.Ancestor(choice, outputKind, key));
      return path;
    }
  }

  static Map<String, Object> evaluationParameters(GridContext context) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("validation_sha256", context.validationSha256());
    p.put("teacher", context.teacherKey());
    return p;
  }
}
