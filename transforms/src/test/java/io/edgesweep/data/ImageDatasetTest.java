package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {
  private static ImageDataset tiny(Map<String, String> provenance) {
    return new ImageDataset(new ImageShape(1, 1, 2), List.of("cat", "dog"),
        new byte[] {0, (byte) 255, 7, 8, (byte) 128, 1}, new int[] {1, 0, 1}, provenance);
  }

  @Test
  void contentHashFollowsTheDocumentedLayout() {
    // Python: hashlib.sha256(b'edgesweep-images/1\n1x1x2\ncat\ndog\n'
    //   + struct.pack('<3i', 1, 0, 1) + bytes([0, 255, 7, 8, 128, 1])).hexdigest()
    assertThat(tiny(Map.of()).contentSha256()).isEqualTo(EXPECTED);
  }

  @Test
  void keptHashEqualsAFreshOneAndIgnoresProvenance() {
    ImageDataset data = tiny(Map.of("source", "a"));
    String first = data.contentSha256();
    assertThat(data.contentSha256()).isSameAs(first);
    assertThat(tiny(Map.of("source", "b")).contentSha256()).isEqualTo(first);
    assertThat(data.subset(new int[] {1, 0, 2}, Map.of()).contentSha256()).isNotEqualTo(first);
  }

  private static final String EXPECTED = "d4270e89728f9a63e4f2d57e5e2955405325e35f1148f130a2f30e5a2db6955a";
}
