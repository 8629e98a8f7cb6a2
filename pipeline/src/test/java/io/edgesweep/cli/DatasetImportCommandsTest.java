package io.edgesweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.DatasetSplits;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import commands as a user runs them: what they write, and one-line errors with exit code 2. */
class DatasetImportCommandsTest {
  @TempDir Path dir;

  private void png(Path file, int size, int rgb) throws Exception {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        image.setRGB(x, y, rgb + x + y);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private Path folder(String name, int perClass) throws Exception {
    Path root = dir.resolve(name);
    for (int i = 0; i < perClass; i++) {
      png(root.resolve("cat/" + i + ".png"), 12, 0x800000);
      png(root.resolve("dog/" + i + ".png"), 12, 0x008000);
    }
    return root;
  }

  @Test
  void importFolderWritesFourSplitsResizedAndAGivenTestFolderWhole() throws Exception {
    Path from = folder("train", 30);
    Path test = folder("test", 4);
    Path out = dir.resolve("pets");
    CommandRun run = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--test-from", test.toString(),
        "--size", "8x6", "--grayscale", "--out", out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("2 classes: cat, dog; images 1x8x6");
    DatasetSplits splits = new DatasetSplits(out).requireAll();
    ImageDataset trainSplit = ParquetImageDatasets.read(splits.train());
    assertThat(trainSplit.shape().toString()).isEqualTo("1x8x6");
    assertThat(trainSplit.classNames()).containsExactly("cat", "dog");
    assertThat(ParquetImageDatasets.read(splits.test()).size()).isEqualTo(8);
    assertThat(trainSplit.size() + ParquetImageDatasets.read(splits.validation()).size()).isEqualTo(60);
    assertThat(trainSplit.provenance().get("command")).contains("--test-from").contains("--size 8x6");
    // Without --size, a test folder of another size is named rather than resized behind the user's back.
    CommandRun unsized = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--test-from", folder("small", 2).toString(),
        "--out", dir.resolve("unsized").toString());
    assertThat(unsized.code()).isZero();
    png(dir.resolve("other/cat/0.png"), 10, 0x800000);
    png(dir.resolve("other/dog/0.png"), 10, 0x800000);
    CommandRun mismatched = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--test-from", dir.resolve("other").toString(),
        "--out", dir.resolve("mismatched").toString());
    assertThat(mismatched.code()).isEqualTo(2);
    assertThat(mismatched.err()).contains("other").contains("3x10x10").contains("3x12x12").contains("--size");
  }

  @Test
  void badImagesAnEmptyClassAndMixedSizesAreOneLineErrorsThatWriteNothing() throws Exception {
    Path from = folder("mixed", 3);
    png(from.resolve("dog/big.png"), 20, 0x000080);
    Path out = dir.resolve("out");
    CommandRun mixed = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--out", out.toString());
    assertThat(mixed.code()).isEqualTo(2);
    assertThat(mixed.err().strip()).doesNotContain("\n").contains("big.png").contains("--size");
    Files.delete(from.resolve("dog/big.png"));
    Files.writeString(from.resolve("cat/broken.jpg"), "no JPEG here");
    CommandRun corrupt = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--out", out.toString());
    assertThat(corrupt.code()).isEqualTo(2);
    assertThat(corrupt.err()).contains("broken.jpg");
    Files.delete(from.resolve("cat/broken.jpg"));
    Files.createDirectories(from.resolve("emu"));
    CommandRun empty = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--out", out.toString());
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("emu").contains("no PNG or JPEG");
    CommandRun badSize = CommandRun.of("datasets", "import-folder", "--from", from.toString(), "--size", "32", "--out", out.toString());
    assertThat(badSize.code()).isEqualTo(2);
    assertThat(badSize.err()).contains("--size").contains("HxW");
    assertThat(out).doesNotExist();
  }

  @Test
  void exportNpyThenImportNpyGivesTheSameSplitAndMismatchedFilesAreNamed() throws Exception {
    Path npy = dir.resolve("npy");
    assertThat(CommandRun.of("datasets", "export-npy", "--data", TestData.mini().folder().toString(), "--out", npy.toString()).code()).isZero();
    ImageDataset original = ParquetImageDatasets.read(TestData.mini().calibration());
    Path back = dir.resolve("calibration.parquet");
    CommandRun run = CommandRun.of("datasets", "import-npy", "--images", npy.resolve("calibration-images.npy").toString(),
        "--labels", npy.resolve("calibration-labels.npy").toString(), "--classes", String.join(",", original.classNames()), "--out", back.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(ParquetImageDatasets.read(back)).isEqualTo(original);
    CommandRun mismatch = CommandRun.of("datasets", "import-npy", "--images", npy.resolve("calibration-images.npy").toString(),
        "--labels", npy.resolve("test-labels.npy").toString(), "--out", dir.resolve("x").toString());
    assertThat(mismatch.code()).isEqualTo(2);
    assertThat(mismatch.err()).contains("test-labels.npy").contains("1000 labels for 500 images");
  }

  @Test
  void importOnnxTranslatesAResidualModelIntoTheLayerGraph() {
    Path out = dir.resolve("resnet");
    CommandRun run = CommandRun.of("import-onnx", "--file", TestData.repositoryRoot().resolve("transforms/src/test/resources/onnx/resnet8.onnx").toString(),
        "--data", TestData.mini().folder().toString(), "--out", out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("graph:1x28x28:c16k3p1-r-");
    assertThat(out.resolve("manifest.json")).exists();
  }
}
