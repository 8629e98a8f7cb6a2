package io.edgesweep.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class OnnxImageBatchesTest {
  @Test
  void theSharedBufferGivesEveryBatchSizeTheLogitsOfOneImageAtATime() throws Exception {
    byte[] model = Files.readAllBytes(OnnxFixtures.file("mlp"));
    OnnxGraph graph = OnnxFixtures.graph("mlp");
    ImageDataset data = ParquetImageDatasets.read(TestData.mini().validation());
    float[] oneAtATime = OnnxRuntimeScores.logits(model, graph, data, 1);
    // 7 and 128 leave a last batch smaller than the buffer; 5,000 is larger than the split.
    for (int batch : new int[] {7, 128, 5_000}) {
      assertThat(OnnxRuntimeScores.logits(model, graph, data, batch)).as("batch %d", batch).containsExactly(oneAtATime);
    }
    assertThat(oneAtATime).hasSize(data.size() * 10);
    assertThat(java.util.stream.IntStream.range(0, oneAtATime.length).mapToObj(i -> oneAtATime[i]).distinct().count())
        .as("the model computes something").isGreaterThan(1000);
  }

  @Test
  void eachBatchSeesItsOwnImages() throws Exception {
    ImageDataset data = ParquetImageDatasets.read(TestData.mini().validation());
    int pixels = data.shape().pixelCount();
    float[] expected = new float[pixels];
    OnnxImageBatches.forEach(OnnxRuntimeNatives.environment(), data, 300, n -> new long[] {n, pixels}, (start, n, images) -> {
      assertThat(images.getInfo().getShape()).containsExactly(n, pixels);
      float[] got = new float[n * pixels];
      images.getFloatBuffer().get(got);
      for (int i = 0; i < n; i++) {
        data.copyImage(start + i, expected, 0);
        assertThat(java.util.Arrays.copyOfRange(got, i * pixels, (i + 1) * pixels)).as("image %d", start + i).containsExactly(expected);
      }
    });
  }
}
