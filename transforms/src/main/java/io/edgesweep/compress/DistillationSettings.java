package io.edgesweep.compress;

import io.edgesweep.InvalidInputException;
import io.edgesweep.model.TrainingSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a student is trained: the KD temperature and weight, and the training run's settings.
 *
 * <p>loss = (1−α)·CE(y, s) + α·T²·KL(softmax(t/T) ‖ softmax(s/T)). A null temperature means
 * "none": the student learns from the labels alone, the baseline every distilled student is
 * compared with. The loss is then plain cross-entropy whatever α was asked for, so α is recorded
 * as 0, the weight it effectively has; two label-only students that differ only in the α of the
 * grid they came from are the same student.
 *
 * @param temperature T &gt; 0, or null for none
 * @param alpha the weight α of the distillation term, in [0, 1]
 * @param training epochs, batch size, Adam learning rate and schedule, seed (initialization and
 *     batch order)
 */
public record DistillationSettings(Double temperature, double alpha, TrainingSettings training) implements Serializable {
  public static final String SOURCE = "distillation settings";

  public DistillationSettings {
    if (temperature != null && !(temperature > 0 && Double.isFinite(temperature))) {
      throw new InvalidInputException(SOURCE, "temperature", "must be a positive number or none, got " + temperature);
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new InvalidInputException(SOURCE, "alpha", "must be in [0, 1], got " + alpha);
    }
    Objects.requireNonNull(training, "training");
    if (temperature == null) {
      alpha = 0;
    }
  }

  /** Reads a temperature as a user writes it: {@code none} or a positive number. */
  public static Double parseTemperature(String text, String source) {
    String t = text == null ? "" : text.trim();
    if (t.equalsIgnoreCase("none")) {
      return null;
    }
    try {
      double value = Double.parseDouble(t);
      if (!(value > 0 && Double.isFinite(value))) {
        throw new InvalidInputException(source, "temperature", "must be a positive number or none, got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(source, "temperature", "'" + text + "' is neither none nor a number");
    }
  }

  /** "none", or the temperature as a number, as the lineage records it. */
  public Object temperatureLabel() {
    return temperature == null ? "none" : temperature;
  }

  public boolean usesTeacher() {
    return temperature != null && alpha > 0;
  }
}
