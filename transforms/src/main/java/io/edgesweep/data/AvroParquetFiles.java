package io.edgesweep.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Opens parquet-avro writers that also carry key-value metadata in the file footer.
 *
 * <p>parquet-avro 1.13 has no {@code withExtraMetaData} on its builder, so the Avro write
 * support is wrapped to add the entries; the footer is where pandas, DuckDB and Spark look for
 * them ({@code pyarrow.parquet.read_metadata(f).metadata}).
 */
public final class AvroParquetFiles {
  private AvroParquetFiles() {}

  public static ParquetWriter<GenericRecord> writer(Path file, Schema schema, Map<String, String> metadata)
      throws IOException {
    return builder(file, schema, metadata).build();
  }

  /** The writer's builder with the settings {@link #writer} uses, for a caller that sets more (row group and page sizes). */
  public static Builder builder(Path file, Schema schema, Map<String, String> metadata) {
    return new Builder(LocalParquetFiles.output(file), schema, metadata)
        .withConf(new Configuration(false))
        .withCompressionCodec(CompressionCodecName.GZIP);
  }

  /** Builds parquet-avro writers whose footers carry the given key-value metadata. */
  public static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {
    private final Schema schema;
    private final Map<String, String> metadata;

    private Builder(OutputFile file, Schema schema, Map<String, String> metadata) {
      super(file);
      this.schema = schema;
      this.metadata = metadata;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
      AvroWriteSupport<GenericRecord> avro =
          new AvroWriteSupport<>(new AvroSchemaConverter(conf).convert(schema), schema, GenericData.get());
      return new WriteSupport<>() {
        @Override
        public WriteContext init(Configuration configuration) {
          WriteContext context = avro.init(configuration);
          Map<String, String> merged = new LinkedHashMap<>(context.getExtraMetaData());
          merged.putAll(metadata);
          return new WriteContext(context.getSchema(), merged);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
          avro.prepareForWrite(recordConsumer);
        }

        @Override
        public void write(GenericRecord record) {
          avro.write(record);
        }

        @Override
        public FinalizedWriteContext finalizeWrite() {
          return avro.finalizeWrite();
        }
      };
    }
  }
}
