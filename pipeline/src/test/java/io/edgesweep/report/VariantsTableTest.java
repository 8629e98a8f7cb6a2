package io.edgesweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The variants table's rows are made side by side but written exactly once each, in the variants' order. */
class VariantsTableTest {
  @Test
  void rowsMadeSideBySideAreWrittenOnceEachInOrderWhateverTheChunk() throws Exception {
    List<Integer> items = IntStream.range(0, 2_500).boxed().toList();
    List<String> expected = items.stream().map(i -> "row " + i).toList();
    // 1,024 (the table's chunk: two full chunks and a partial one), a chunk that divides nothing evenly,
    // a chunk of one, one larger than the list, and an exact divisor.
    for (int chunk : new int[] {1024, 7, 1, 10_000, 500}) {
      List<String> written = new ArrayList<>();
      VariantsTable.madeSideBySideWrittenInOrder(items, chunk, i -> "row " + i, written::add);
      assertThat(written).as("chunk %d", chunk).isEqualTo(expected);
    }
    List<String> none = new ArrayList<>();
    VariantsTable.madeSideBySideWrittenInOrder(List.<Integer>of(), 1024, i -> "row " + i, none::add);
    assertThat(none).isEmpty();
  }
}
