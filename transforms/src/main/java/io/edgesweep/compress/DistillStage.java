package io.edgesweep.compress;

import io.edgesweep.model.Architecture;
import io.edgesweep.model.ModelArtifact;
import io.edgesweep.model.TrainingLoop;
import io.edgesweep.model.TrainingSettings;
import io.edgesweep.spec.SpecNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distillation as a stage kind: students × temperatures, trained by {@link Distiller}.
 *
 * <p>The student {@code teacher} stands for the teacher's architecture; with temperature none it is
 * the teacher itself, so nothing is trained and the node passes the teacher through.
 */
public final class DistillStage implements StageKind {
  public static final String NAME = "distill";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String section() {
    return "distillation";
  }

  @Override
  public boolean required() {
    return true;
  }

  @Override
  public String label() {
    return "DistillStudents";
  }

  /** Students of one architecture and one training train together ({@link Distiller#distillTogether}). */
  @Override
  public List<ModelArtifact> applyTogether(List<StageChoice> choices, List<ModelArtifact> parents, List<StageInputs> inputs) {
    List<Distiller.Student> students = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      Choice c = (Choice) choices.get(i);
      students.add(new Distiller.Student(Architecture.parse(c.student()), c.settings(),
          c.settings().usesTeacher() ? inputs.get(i).teacherLogits() : null));
    }
    return Distiller.distillTogether(inputs.get(0).teacher(), inputs.get(0).train(), students, inputs.get(0).command());
  }

  @Override
  public List<StageColumn> columns() {
    return List.of(StageColumn.text("student"), new StageColumn("temperature", StageColumn.Type.OPTIONAL_DOUBLE),
        StageColumn.text("temperature_label"));
  }

  @Override
  public Spec read(SpecNode node, long seed) {
    node.allowOnly("students", "temperatures", "alpha", "epochs", "batch_size", "learning_rate");
    List<String> students = node.list("students", node.strings(s -> {
      if (!s.equals("teacher")) {
        Architecture a = Architecture.parse(s);
        if (a.isTorchScript()) {
          throw new IllegalArgumentException("a student is trained from scratch, so it must be a buildable architecture, not " + s);
        }
      }
      return s;
    }));
    List<Double> temperatures = node.list("temperatures", (value, at) -> {
      if (value.isTextual() && value.asText().equals("none")) {
        return null;
      }
      return node.checkedNumber(value, at, 1e-6, 1e6, true);
    });
    return new Spec(students, temperatures, node.number("alpha", 0.7, 0, 1, true), node.wholeNumber("epochs", 5, 1, 1000),
        node.wholeNumber("batch_size", 128, 1, 65_536), node.number("learning_rate", 1e-3, 1e-9, 10, true), seed);
  }

  /**
   * The distillation section: students and temperatures (null is "none", labels alone), and the
   * training they share.
   */
  public record Spec(
      List<String> students, List<Double> temperatures, double alpha, int epochs, int batchSize, double learningRate, long seed)
      implements StageSpec {
    public Spec {
      students = List.copyOf(students);
      temperatures = java.util.Collections.unmodifiableList(new ArrayList<>(temperatures));
    }

    /** A spec over the given axes with the default training, for tests and tools. */
    public static Spec of(List<String> students, Double... temperatures) {
      return new Spec(students, Arrays.asList(temperatures), 0.7, 1, 32, 1e-3, 1);
    }

    @Override
    public StageKind kind() {
      return new DistillStage();
    }

    @Override
    public List<Choice> choices(GridContext context, List<StageChoice> path) {
      List<Choice> choices = new ArrayList<>();
      for (String name : students) {
        String student = name.equals("teacher") ? context.teacherArch() : name;
        for (Double temperature : temperatures) {
          DistillationSettings settings = new DistillationSettings(temperature, temperature == null ? 0 : alpha,
              new TrainingSettings(epochs, batchSize, learningRate, true, seed));
          choices.add(new Choice(student, settings, temperature == null && student.equals(context.teacherArch())));
        }
      }
      return choices;
    }
  }

  /**
   * One student at one temperature.
   *
   * @param identity the teacher's own architecture without a temperature: the teacher itself
   */
  public record Choice(String student, DistillationSettings settings, boolean identity) implements StageChoice {
    @Override
    public StageKind kind() {
      return new DistillStage();
    }

    @Override
    public boolean passesThrough() {
      return identity;
    }

    @Override
    public Map<String, Object> keyParameters(GridContext context) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("student", student);
      p.put("temperature", settings.temperatureLabel());
      p.put("alpha", settings.alpha());
      p.put("epochs", settings.training().epochs());
      p.put("batch_size", settings.training().batchSize());
      p.put("learning_rate", settings.training().learningRate());
      p.put("seed", settings.training().seed());
      p.put("train_sha256", context.trainSha256());
      return p;
    }

    @Override
    public String setsArchitecture() {
      return student;
    }

    /** Students of one architecture and one training start from the same weights and see the same batches. */
    @Override
    public String trainingGroup(List<StageInputs.Ancestor> path) {
      return identity || !TrainingLoop.canTrainTogether(Architecture.parse(student)) ? null : student + " " + settings.training();
    }

    @Override
    public List<Object> columnValues() {
      return Arrays.asList(student, settings.temperature(), temperatureLabel());
    }

    /** The temperature as the spec writes it: {@code none} or a number. */
    public String temperatureLabel() {
      return settings.temperature() == null ? "none" : Stages.trim(settings.temperature());
    }

    @Override
    public String describe() {
      return student + " T=" + temperatureLabel();
    }

    @Override
    public ModelArtifact apply(ModelArtifact parent, StageInputs inputs) {
      return Distiller.distill(inputs.teacher(), settings.usesTeacher() ? inputs.teacherLogits() : null, inputs.train(),
          Architecture.parse(student), settings, inputs.command());
    }
  }
}
