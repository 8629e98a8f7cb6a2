package io.edgesweep;

import io.edgesweep.data.DatasetSplits;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the datasets shipped in the repository, from whichever module a test runs in. */
public final class TestData {
  private TestData() {}

  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("datasets/fashion-mnist-mini"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("datasets/fashion-mnist-mini not found above " + Path.of("").toAbsolutePath());
  }

  /** The stratified Fashion-MNIST subset that ships in datasets/fashion-mnist-mini. */
  public static DatasetSplits mini() {
    return new DatasetSplits(repositoryRoot().resolve("datasets/fashion-mnist-mini"));
  }
}
