package io.edgesweep.model.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgesweep.InvalidInputException;
import io.edgesweep.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the values of ONNX tensors (initializers and constants) as the reader needs them. */
final class OnnxTensors {
  private OnnxTensors() {}

  /** A float tensor with the ONNX dims as shape; float32 and float64 are read. */
  static Tensor floats(String source, String what, TensorProto t) {
    requireInline(source, what, t);
    int[] shape = t.getDimsList().stream().mapToInt(Math::toIntExact).toArray();
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    float[] values = new float[Math.toIntExact(count)];
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
      if (!t.getRawData().isEmpty()) {
        check(source, what, raw.remaining(), 4L * count);
        raw.asFloatBuffer().get(values);
      } else {
        check(source, what, 4L * t.getFloatDataCount(), 4L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = t.getFloatData(i);
        }
      }
    } else if (t.getDataType() == TensorProto.DataType.DOUBLE_VALUE) {
      if (!t.getRawData().isEmpty()) {
        check(source, what, raw.remaining(), 8L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) raw.getDouble(8 * i);
        }
      } else {
        check(source, what, 8L * t.getDoubleDataCount(), 8L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) t.getDoubleData(i);
        }
      }
    } else {
      throw new InvalidInputException(source, what, "is of ONNX data type " + dataTypeName(t) + ", a float tensor is needed");
    }
    return new Tensor(shape, values);
  }

  /** The values of an integer tensor (int64 or int32), as shapes and axes are given. */
  static long[] longs(String source, String what, TensorProto t) {
    requireInline(source, what, t);
    long count = 1;
    for (long d : t.getDimsList()) {
      count *= d;
    }
    long[] values = new long[Math.toIntExact(count)];
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDataType() == TensorProto.DataType.INT64_VALUE) {
      if (!t.getRawData().isEmpty()) {
        check(source, what, raw.remaining(), 8L * count);
        raw.asLongBuffer().get(values);
      } else {
        check(source, what, 8L * t.getInt64DataCount(), 8L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = t.getInt64Data(i);
        }
      }
    } else if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
      if (!t.getRawData().isEmpty()) {
        check(source, what, raw.remaining(), 4L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = raw.getInt(4 * i);
        }
      } else {
        check(source, what, 4L * t.getInt32DataCount(), 4L * count);
        for (int i = 0; i < values.length; i++) {
          values[i] = t.getInt32Data(i);
        }
      }
    } else {
      throw new InvalidInputException(source, what, "is of ONNX data type " + dataTypeName(t) + ", an integer tensor is needed");
    }
    return values;
  }

  /** The one value of a scalar (or one-element) float tensor, as Clip's bounds are given. */
  static float scalar(String source, String what, TensorProto t) {
    Tensor values = floats(source, what, t);
    if (values.size() != 1) {
      throw new InvalidInputException(source, what, "holds " + values.size() + " values, one is needed");
    }
    return values.values()[0];
  }

  private static void requireInline(String source, String what, TensorProto t) {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new InvalidInputException(source, what,
          "is stored in an external data file; re-export with the weights inside the .onnx file (models under 2 GB)");
    }
  }

  private static void check(String source, String what, long actual, long expected) {
    if (actual != expected) {
      throw new InvalidInputException(source, what, "holds " + actual + " bytes of values, its dims need " + expected);
    }
  }

  private static String dataTypeName(TensorProto t) {
    TensorProto.DataType type = TensorProto.DataType.forNumber(t.getDataType());
    return type == null ? Integer.toString(t.getDataType()) : type.name();
  }
}
