package io.edgesweep.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgesweep.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads and writes image datasets as Parquet through parquet-avro.
 *
 * <p>Schema: {@code label:int}, {@code pixels:bytes} (unsigned bytes, row-major, channels first).
 * The image shape, the class names and the provenance sit in the file's key-value metadata so
 * that one file is a complete split that pandas, DuckDB or Spark can read as it is.
 */
public final class ParquetImageDatasets {
  public static final String SHAPE_KEY = "edgesweep.image.shape";
  public static final String CLASSES_KEY = "edgesweep.classes";
  public static final String PROVENANCE_KEY = "edgesweep.provenance";

  static final Schema SCHEMA =
      SchemaBuilder.record("LabeledImage")
          .namespace("io.edgesweep.data")
          .doc("One labelled image: pixels are unsigned bytes, row-major, channels first.")
          .fields()
          .requiredInt("label")
          .requiredBytes("pixels")
          .endRecord();

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParquetImageDatasets() {}

  /** Writes the dataset atomically: a reader sees the old file or the whole new one. */
  public static void write(ImageDataset dataset, Path file) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SHAPE_KEY, dataset.shape().toString());
    metadata.put(CLASSES_KEY, JSON.writeValueAsString(dataset.classNames()));
    metadata.put(PROVENANCE_KEY, JSON.writeValueAsString(new java.util.TreeMap<>(dataset.provenance())));
    int n = dataset.shape().pixelCount();
    AtomicFiles.writeFile(
        file,
        temporary -> {
          try (ParquetWriter<GenericRecord> writer = AvroParquetFiles.writer(temporary, SCHEMA, metadata)) {
            byte[] pixels = dataset.pixels();
            for (int i = 0; i < dataset.size(); i++) {
              GenericRecord record = new GenericData.Record(SCHEMA);
              record.put("label", dataset.label(i));
              record.put("pixels", ByteBuffer.wrap(pixels, i * n, n).slice());
              writer.write(record);
            }
          }
        });
  }

  /** Reads a whole split into memory, checking every record against the file's metadata. */
  public static ImageDataset read(Path file) {
    return read(file, null);
  }

  /**
   * As {@link #read(Path)}, with the file's SHA-256 already known to the caller (a sweep's plan
   * hashes every split first), so that the provenance does not hash the file a second time.
   *
   * @param fileSha256 the file's {@link #sha256}, or null to compute it
   */
  public static ImageDataset read(Path file, String fileSha256) {
    Header header = readHeader(file);
    int n = header.shape().pixelCount();
    int classes = header.classNames().size();
    String source = file.toString();
    // Sized from the footer's row count and filled in place: a split is one large array, and on a
    // machine where fresh memory is dear (page faults) a second one to grow into, and the copy
    // of it, cost as much as reading the records (the train split is 47 MB).
    int rowCount = rowsThatFit(source, header.rows(), n);
    byte[] pixels = new byte[rowCount * n];
    int[] labels = new int[rowCount];
    int rows = 0;
    try (ParquetReader<GenericRecord> reader = openReader(file)) {
      GenericRecord record;
      while ((record = reader.read()) != null) {
        if (rows == rowCount) {
          break; // more records than the footer counts: said below
        }
        labels[rows] = checkedLabel(source, rows, record, classes);
        copyCheckedPixels(source, rows, record, pixels, rows * n, n);
        rows++;
      }
      if (rows != rowCount || record != null) {
        throw new InvalidInputException(source, null, "its footer counts " + rowCount + " records but "
            + (record != null ? "it holds more" : "it holds " + rows) + ": a damaged file");
      }
    } catch (IOException e) {
      throw new InvalidInputException(source, null, "cannot read Parquet: " + e.getMessage(), e);
    }
    Map<String, String> provenance = new LinkedHashMap<>(header.provenance());
    provenance.put("file", file.getFileName().toString());
    provenance.put("file_sha256", fileSha256 != null ? fileSha256 : sha256(file));
    return new ImageDataset(header.shape(), header.classNames(), pixels, labels, provenance);
  }

  /**
   * {@code rows} as an array length, when that many images of {@code pixelsPerImage} bytes fit in one
   * Java array (a split is read into one); otherwise the split is refused by name before any is read.
   */
  static int rowsThatFit(String source, long rows, int pixelsPerImage) {
    long most = (Integer.MAX_VALUE - 8L) / Math.max(1, pixelsPerImage);
    if (rows > most) {
      throw new InvalidInputException(source, null, "holds " + rows + " images of " + pixelsPerImage
          + " bytes, more than one array holds (" + most + "; 2 GB of pixels): split it into several files");
    }
    return (int) rows;
  }

  /** Reads the schema and metadata only, so a caller can check a split before streaming it. */
  public static Header readHeader(Path file) {
    String source = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(source, null, "no such file");
    }
    try (ParquetFileReader reader = ParquetFileReader.open(LocalParquetFiles.input(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      requireColumn(source, schema, "label", PrimitiveType.PrimitiveTypeName.INT32);
      requireColumn(source, schema, "pixels", PrimitiveType.PrimitiveTypeName.BINARY);
      Map<String, String> metadata = reader.getFooter().getFileMetaData().getKeyValueMetaData();
      ImageShape shape = ImageShape.parseOrNull(metadata.get(SHAPE_KEY));
      if (shape == null) {
        throw new InvalidInputException(
            source, "metadata " + SHAPE_KEY, "missing or not of the form CxHxW: " + metadata.get(SHAPE_KEY));
      }
      List<String> classNames = parseClasses(source, metadata.get(CLASSES_KEY));
      Map<String, String> provenance = new LinkedHashMap<>();
      String provenanceJson = metadata.get(PROVENANCE_KEY);
      if (provenanceJson != null) {
        try {
          provenance.putAll(JSON.readValue(provenanceJson, new TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
          throw new InvalidInputException(source, "metadata " + PROVENANCE_KEY, "not a JSON object of strings");
        }
      }
      return new Header(shape, classNames, provenance, reader.getRecordCount());
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidInputException iie) {
        throw iie;
      }
      throw new InvalidInputException(source, null, "not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  /** Streams records in file order; each item is checked as it is read. */
  public static RecordStream stream(Path file) {
    Header header = readHeader(file);
    try {
      return new RecordStream(file, header, openReader(file));
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read Parquet: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of a file's bytes, as lowercase hex. */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), null, "cannot read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ParquetReader<GenericRecord> openReader(Path file) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(LocalParquetFiles.input(file))
        .withConf(new Configuration(false))
        .build();
  }

  private static void requireColumn(
      String source, MessageType schema, String name, PrimitiveType.PrimitiveTypeName type) {
    if (!schema.containsField(name)) {
      throw new InvalidInputException(
          source, "column " + name, "missing; an image dataset has columns label:int and pixels:bytes, found " + schema.getFields().stream().map(Type::getName).toList());
    }
    Type field = schema.getType(name);
    if (!field.isPrimitive() || field.asPrimitiveType().getPrimitiveTypeName() != type) {
      throw new InvalidInputException(source, "column " + name, "has type " + field + ", expected " + type);
    }
  }

  private static List<String> parseClasses(String source, String json) {
    if (json == null) {
      throw new InvalidInputException(source, "metadata " + CLASSES_KEY, "missing: the class names are needed");
    }
    try {
      List<String> names = JSON.readValue(json, new TypeReference<List<String>>() {});
      if (names.size() < 2) {
        throw new InvalidInputException(source, "metadata " + CLASSES_KEY, "needs at least two classes, found " + names.size());
      }
      return names;
    } catch (IOException e) {
      throw new InvalidInputException(source, "metadata " + CLASSES_KEY, "not a JSON list of strings: " + json);
    }
  }

  static int checkedLabel(String source, long row, GenericRecord record, int classes) {
    Object value = record.get("label");
    if (!(value instanceof Integer label)) {
      throw new InvalidInputException(source, "row " + row + " label", "missing");
    }
    if (label < 0 || label >= classes) {
      throw new InvalidInputException(
          source, "row " + row + " label", "value " + label + " is outside 0.." + (classes - 1));
    }
    return label;
  }

  /** Checks a record's payload against the image size and copies it to {@code into} at {@code offset}. */
  static void copyCheckedPixels(String source, long row, GenericRecord record, byte[] into, int offset, int expected) {
    Object value = record.get("pixels");
    if (!(value instanceof ByteBuffer buffer)) {
      throw new InvalidInputException(source, "row " + row + " pixels", "missing");
    }
    if (buffer.remaining() != expected) {
      throw new InvalidInputException(
          source,
          "row " + row + " pixels",
          "payload of " + buffer.remaining() + " bytes, expected " + expected + " for the image shape");
    }
    buffer.duplicate().get(into, offset, expected);
  }

  /** What a dataset file says about itself before any record is read. */
  public record Header(ImageShape shape, List<String> classNames, Map<String, String> provenance, long rows) {}

  /** Records of one split, read lazily; close it to release the file. */
  public static final class RecordStream implements AutoCloseable {
    private final String source;
    private final Header header;
    private final ParquetReader<GenericRecord> reader;
    private long row;

    private RecordStream(Path file, Header header, ParquetReader<GenericRecord> reader) {
      this.source = file.toString();
      this.header = header;
      this.reader = reader;
    }

    public Header header() {
      return header;
    }

    /**
     * Reads the next image into {@code pixels} (length = the shape's pixel count) and returns its
     * label, or -1 at the end of the file.
     */
    public int next(byte[] pixels) {
      try {
        GenericRecord record = reader.read();
        if (record == null) {
          return -1;
        }
        int label = checkedLabel(source, row, record, header.classNames().size());
        copyCheckedPixels(source, row, record, pixels, 0, pixels.length);
        row++;
        return label;
      } catch (IOException e) {
        throw new InvalidInputException(source, "row " + row, "cannot read: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
