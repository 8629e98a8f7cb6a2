package io.edgesweep.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgesweep.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetValidationTest {
  @TempDir Path dir;

  @Test
  void aFileWithoutThePixelsColumnIsNamed() throws Exception {
    Schema schema = SchemaBuilder.record("R").fields().requiredInt("label").requiredString("path").endRecord();
    Path file = dir.resolve("wrong.parquet");
    try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.writer(file, schema, shapeAndClasses())) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("label", 0);
      r.put("path", "x.png");
      writer.write(r);
    }
    assertThatThrownBy(() -> ParquetImageDatasets.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("wrong.parquet")
        .hasMessageContaining("column pixels");
  }

  @Test
  void aPixelPayloadOfTheWrongLengthIsNamedWithItsRow() throws Exception {
    Path file = write(List.of(new byte[4], new byte[3]), List.of(0, 1));
    assertThatThrownBy(() -> ParquetImageDatasets.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 1 pixels")
        .hasMessageContaining("3 bytes, expected 4");
  }

  @Test
  void aLabelOutsideTheClassesIsNamedWithItsRow() throws Exception {
    Path file = write(List.of(new byte[4], new byte[4]), List.of(0, 7));
    assertThatThrownBy(() -> ParquetImageDatasets.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("row 1 label")
        .hasMessageContaining("7 is outside 0..1");
  }

  @Test
  void aFileThatIsNotParquetIsNamed() throws Exception {
    Path file = dir.resolve("text.parquet");
    Files.writeString(file, "label,pixels\n1,abc\n");
    assertThatThrownBy(() -> ParquetImageDatasets.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("text.parquet")
        .hasMessageContaining("not a readable Parquet file");
  }

  @Test
  void streamingAndInMemoryBatchesAgree() throws Exception {
    Path file = write(List.of(new byte[] {0, 1, 2, 3}, new byte[] {4, 5, 6, 7}, new byte[] {8, 9, 10, (byte) 255}), List.of(1, 0, 1));
    ImageDataset data = ParquetImageDatasets.read(file);
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      java.util.List<float[]> streamed = new java.util.ArrayList<>();
      java.util.List<long[]> streamedLabels = new java.util.ArrayList<>();
      new StreamingBatches(file).forEachBatch(manager, 2, null, b -> {
        streamed.add(b.images().toFloatArray());
        streamedLabels.add(b.labels().toLongArray());
      });
      java.util.List<float[]> inMemory = new java.util.ArrayList<>();
      new InMemoryBatches(data).forEachBatch(manager, 2, null, b -> inMemory.add(b.images().toFloatArray()));
      assertThat(streamed).hasSize(2);
      assertThat(streamed.get(0)).containsExactly(inMemory.get(0));
      assertThat(streamed.get(1)).containsExactly(8f / 255, 9f / 255, 10f / 255, 1f);
      assertThat(streamedLabels.get(0)).containsExactly(1L, 0L);
    }
  }

  @Test
  void aSplitOfManyRowGroupsAndPagesReadsBackRowForRow() throws Exception {
    int rows = 5_000;
    java.util.Random random = new java.util.Random(11);
    byte[] pixels = new byte[rows * 4];
    random.nextBytes(pixels);
    int[] labels = random.ints(rows, 0, 2).toArray();
    Path file = dir.resolve("groups.parquet");
    // Row groups of ~8 KiB and pages of 1 KiB: several groups of many pages, dictionary-coded labels.
    try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.builder(file, ParquetImageDatasets.SCHEMA, shapeAndClasses())
        .withRowGroupSize(8 * 1024L).withPageSize(1024).withMinRowCountForPageSizeCheck(10).build()) {
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(ParquetImageDatasets.SCHEMA);
        r.put("label", labels[i]);
        r.put("pixels", ByteBuffer.wrap(pixels, i * 4, 4).slice());
        writer.write(r);
      }
    }
    try (org.apache.parquet.hadoop.ParquetFileReader footer = org.apache.parquet.hadoop.ParquetFileReader.open(LocalParquetFiles.input(file))) {
      assertThat(footer.getRowGroups().size()).isGreaterThan(2);
    }

    ImageDataset data = ParquetImageDatasets.read(file);
    assertThat(data.labels()).containsExactly(labels);
    assertThat(data.pixels()).containsExactly(pixels);

    byte[] image = new byte[4];
    try (ParquetImageDatasets.RecordStream stream = ParquetImageDatasets.stream(file)) {
      for (int i = 0; i < rows; i++) {
        assertThat(stream.next(image)).isEqualTo(labels[i]);
        assertThat(image).containsExactly(java.util.Arrays.copyOfRange(pixels, i * 4, i * 4 + 4));
      }
      assertThat(stream.next(image)).isEqualTo(-1);
    }
  }

  @Test
  void aSplitTooLargeForOneArrayIsRefusedByNameBeforeItIsRead() {
    long most = (Integer.MAX_VALUE - 8L) / 784;
    assertThat(ParquetImageDatasets.rowsThatFit("train.parquet", 60_000, 784)).isEqualTo(60_000);
    assertThat(ParquetImageDatasets.rowsThatFit("train.parquet", most, 784)).isEqualTo((int) most);
    assertThatThrownBy(() -> ParquetImageDatasets.rowsThatFit("train.parquet", most + 1, 784))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("train.parquet")
        .hasMessageContaining((most + 1) + " images of 784 bytes")
        .hasMessageContaining("split it");
    assertThatThrownBy(() -> ParquetImageDatasets.rowsThatFit("big.parquet", 3_000_000_000L, 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("big.parquet");
  }

  @Test
  void aMissingValueOfANullableColumnIsNamedWithItsRow() throws Exception {
    Schema nullable = SchemaBuilder.record("LabeledImage").fields().optionalInt("label").optionalBytes("pixels").endRecord();
    Path file = dir.resolve("nullable.parquet");
    try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.writer(file, nullable, shapeAndClasses())) {
      for (int i = 0; i < 3; i++) {
        GenericRecord r = new GenericData.Record(nullable);
        r.put("label", i == 2 ? null : 1);
        r.put("pixels", i == 1 ? null : ByteBuffer.wrap(new byte[4]));
        writer.write(r);
      }
    }
    assertThatThrownBy(() -> ParquetImageDatasets.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nullable.parquet")
        .hasMessageContaining("row 1 pixels")
        .hasMessageContaining("missing");
  }

  @Test
  void theSameSeedGivesTheSameShuffleAndAnotherSeedAnother() {
    assertThat(InMemoryBatches.permutation(100, 5)).containsExactly(InMemoryBatches.permutation(100, 5));
    assertThat(InMemoryBatches.permutation(100, 5)).isNotEqualTo(InMemoryBatches.permutation(100, 6));
    assertThat(InMemoryBatches.permutation(100, 5)).containsExactlyInAnyOrder(FashionMnistImport.identity(100));
  }

  Path write(List<byte[]> pixels, List<Integer> labels) throws Exception {
    Path file = dir.resolve("d.parquet");
    try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.writer(file, ParquetImageDatasets.SCHEMA, shapeAndClasses())) {
      for (int i = 0; i < pixels.size(); i++) {
        GenericRecord r = new GenericData.Record(ParquetImageDatasets.SCHEMA);
        r.put("label", labels.get(i));
        r.put("pixels", ByteBuffer.wrap(pixels.get(i)));
        writer.write(r);
      }
    }
    return file;
  }

  static Map<String, String> shapeAndClasses() {
    return Map.of(ParquetImageDatasets.SHAPE_KEY, "1x2x2", ParquetImageDatasets.CLASSES_KEY, "[\"a\",\"b\"]");
  }
}
