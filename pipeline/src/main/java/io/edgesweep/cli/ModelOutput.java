package io.edgesweep.cli;

import io.edgesweep.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --out} model folder of train-teacher and import-torchscript: never replaced unless
 * the user says so.
 *
 * <p>A trained teacher is an hour of work; a second command with the same {@code --out} once
 * replaced it without a word. The check runs before any training, so a refused command costs
 * nothing.
 */
final class ModelOutput {
  private ModelOutput() {}

  static void checkReplaceable(Path out, boolean force) {
    if (Files.isRegularFile(out)) {
      throw new InvalidInputException("--out", null, out + " is a file; give a folder for the model");
    }
    if (Files.exists(out) && !force) {
      throw new InvalidInputException("--out", null, out + " already exists; pass --force to replace it "
          + "(the old folder stays until the new model is complete), or choose another folder");
    }
  }
}
