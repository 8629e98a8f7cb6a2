package io.edgesweep.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageEntryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A lineage as the code before typed entries wrote it (maps in insertion order). */
  static final String OLD = """
      [{"stage":"train","arch":"mlp:784-64-10","epochs":2,"batch_size":128,"learning_rate":0.002,"schedule":"cosine","optimizer":"adam","seed":5},
       {"stage":"distill","student":"mlp:784-32-10","temperature":4.0,"alpha":0.7,"epochs":3,"lr":0.001,"batch_size":128,"schedule":"cosine",
        "optimizer":"adam","seed":5,"teacher_sha256":"aa","train_content_sha256":"bb"},
       {"stage":"prune","method":"magnitude-global","ratio":0.6,"schedule":"one-shot","fine_tune_epochs":1,"lr":5.0E-4,"lr_schedule":"cosine",
        "batch_size":128,"seed":5,"fine_tune_loss":"kd(T=4.0, alpha=0.7)","weights_before":25408,"weights_after":25408,"sparsity":0.6,
        "removed_share":0.6,"removed_share_of_nonzero":0.6},
       {"stage":"quantize","weights":"8","granularity":"per-channel","scheme":"symmetric","rounding":"half-to-even","activations":"int",
        "activation_bits":8,"calibration":"minmax","calibration_examples":1000,"calibration_content_sha256":"cc"},
       {"stage":"from-a-newer-version","anything":[1,2]}]
      """;

  @Test
  void oldLineagesReadAsTypedEntriesAndWriteBackTheSameJson() throws Exception {
    List<LineageEntry> lineage = JSON.readValue(OLD, new TypeReference<List<LineageEntry>>() {});
    assertThat(lineage).extracting(LineageEntry::stage).containsExactly("train", "distill", "prune", "quantize", "from-a-newer-version");
    assertThat(lineage.get(0)).isInstanceOf(LineageEntry.Train.class);
    LineageEntry.Distill distill = (LineageEntry.Distill) lineage.get(1);
    assertThat(distill.kdTemperature()).isEqualTo(4.0);
    assertThat(distill.teacherSha256()).isEqualTo("aa");
    assertThat(((LineageEntry.Prune) lineage.get(2)).keepFraction()).isNull();
    assertThat(((LineageEntry.Quantize) lineage.get(3)).activationBits()).isEqualTo(8);
    assertThat(lineage.get(3).quantizes()).isTrue();
    assertThat(lineage.get(2).quantizes()).isFalse();
    assertThat(lineage.get(4)).isInstanceOf(LineageEntry.Other.class);

    List<Map<String, Object>> before = JSON.readValue(OLD, new TypeReference<List<Map<String, Object>>>() {});
    List<Map<String, Object>> after = JSON.readValue(JSON.writeValueAsString(lineage), new TypeReference<List<Map<String, Object>>>() {});
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aLabelOnlyStudentHasNoKdTemperature() throws Exception {
    LineageEntry entry = JSON.readValue("{\"stage\":\"distill\",\"student\":\"s\",\"temperature\":\"none\",\"alpha\":0.0}", LineageEntry.class);
    assertThat(((LineageEntry.Distill) entry).kdTemperature()).isNull();
    assertThat(((LineageEntry.Distill) entry).temperature()).isEqualTo("none");
  }
}
