package io.edgesweep.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.compress.CodebookFormat;
import io.edgesweep.evaluate.ScaleGranularity;
import io.edgesweep.evaluate.WeightEncoding;
import io.edgesweep.model.LineageEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cost model takes the weight format from the last lineage entry that set one: the quantize
 * stage's linear formats, or the format a stage kind brings through {@code StageKind.weightFormat}.
 */
class FootprintsTest {
  private static final LineageEntry.Quantize FLOAT32 = quantize("32");
  private static final LineageEntry.Quantize INT4 = quantize("4");
  private static final LineageEntry.Codebook CODEBOOK5 = new LineageEntry.Codebook(5, 30, 1, 0.001, 64, 1, "ce", Map.of());
  private static final LineageEntry.Qat QAT = new LineageEntry.Qat(2, 0.0003, 64, 1, false, "ce", "sha");

  @Test
  void theLastEntryThatSetsAFormatDecides() {
    assertThat(Footprints.encoding(List.of())).isEqualTo(WeightEncoding.float32());
    assertThat(Footprints.encoding(List.of(FLOAT32))).isEqualTo(WeightEncoding.float32());
    assertThat(Footprints.encoding(List.of(FLOAT32, CODEBOOK5))).isEqualTo(new CodebookFormat(5));
    // QAT trains on the quantizer's grid: it keeps the quantize stage's format.
    assertThat(Footprints.encoding(List.of(INT4, QAT))).isEqualTo(WeightEncoding.integer(4, ScaleGranularity.PER_CHANNEL, false));
    assertThat(Footprints.encoding(List.of(CODEBOOK5, INT4))).isEqualTo(WeightEncoding.integer(4, ScaleGranularity.PER_CHANNEL, false));
    // An entry this version does not know, even under a known stage's name, changes nothing.
    assertThat(Footprints.encoding(List.of(INT4, new LineageEntry.Other(Map.of("stage", "codebook", "bits", 3)))))
        .isEqualTo(WeightEncoding.integer(4, ScaleGranularity.PER_CHANNEL, false));
  }

  @Test
  void aCodebookFormatCountsItsTableAndTheZeroIndex() {
    CodebookFormat f = new CodebookFormat(5);
    assertThat(f.scaleCount(300)).isEqualTo(32);
    assertThat(f.zeroPointCount(300)).isZero();
    assertThat(f.valueBits(false)).isEqualTo(5);
    assertThat(f.valueBits(true)).isEqualTo(6);
    assertThat(f.biasBits()).isEqualTo(32);
    assertThat(f.atIntegerWidth(8)).isEqualTo(new CodebookFormat(8));
  }

  private static LineageEntry.Quantize quantize(String weights) {
    return new LineageEntry.Quantize(weights, "per-channel", "symmetric", "nearest", "off", null, null, null, null);
  }
}
