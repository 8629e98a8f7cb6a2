package io.edgesweep.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgesweep.TestData;
import io.edgesweep.data.ImageDataset;
import io.edgesweep.data.ParquetImageDatasets;
import io.edgesweep.model.Architecture;
import io.edgesweep.model.Initialization;
import io.edgesweep.model.ModelArtifact;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostVariantsTest {
  static ModelArtifact untrained(String spec, ImageDataset data) {
    Architecture a = Architecture.parse(spec);
    return ModelArtifact.create(a, Initialization.pytorchDefault(a, 3), null, null, data.shape(), data.classNames(),
        List.of(new io.edgesweep.model.LineageEntry.Other(Map.of("stage", "init", "seed", 3))), "HostVariantsTest", Map.of(), Map.of());
  }

  @Test
  void everyKindOfSweepVariantIsBuilt() {
    ImageDataset calibration = ParquetImageDatasets.read(TestData.mini().calibration());
    ModelArtifact teacher = untrained("cnn:1x28x28:c4k5-m2-f16-f10", calibration);
    List<HostVariants.Variant> variants = HostVariants.of(teacher, HostVariants.Grid.standard(), calibration, calibration, "test");

    assertThat(variants).extracting(HostVariants.Variant::label).containsExactly("teacher", "magnitude 0.50", "magnitude 0.80",
        "magnitude 0.95", "structured 0.25", "structured 0.50", "structured 0.75", "int8 w+a", "int4 w, int8 a", "fp16 w+a",
        "structured 0.50 + int8 w+a");
    assertThat(variants.get(0).model()).isSameAs(teacher);
    // Magnitude pruning adds zeros and keeps the architecture; structured pruning narrows it.
    ModelArtifact magnitude = variants.get(2).model();
    assertThat(magnitude.architecture()).isEqualTo(teacher.architecture());
    assertThat((double) magnitude.manifest().nonZeroParameters()).isLessThan(0.3 * teacher.manifest().nonZeroParameters());
    ModelArtifact structured = variants.get(5).model();
    assertThat(structured.architecture().spec()).isNotEqualTo(teacher.architecture().spec());
    assertThat(structured.manifest().parameterCount()).isLessThan(teacher.manifest().parameterCount());
    // Quantized variants carry their activation quantizers, as the sweep's do.
    assertThat(variants.get(7).model().manifest().activations().bits()).isEqualTo(8);
    assertThat(variants.get(9).model().manifest().activations().isFp16()).isTrue();
    assertThat(variants.get(10).model().architecture()).isEqualTo(structured.architecture());
    assertThat(variants).extracting(HostVariants.Variant::kind).containsSubsequence(HostVariants.Kind.TEACHER, HostVariants.Kind.MAGNITUDE,
        HostVariants.Kind.STRUCTURED, HostVariants.Kind.QUANTIZED, HostVariants.Kind.STRUCTURED_QUANTIZED);
  }
}
