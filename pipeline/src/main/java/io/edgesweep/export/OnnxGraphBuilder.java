package io.edgesweep.export;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ONNX graph under construction: initializers and nodes added through the generated {@link
 * OnnxMl} builders, with every tensor name checked to be new.
 *
 * <p>Initializer payloads go into {@code raw_data}, little-endian, as the ONNX spec lays them out
 * (and as {@code torch.onnx.export} writes them): 4-bit codes two to a byte, the first element in
 * the low nibble. The protobuf encoding itself is always the library's.
 */
final class OnnxGraphBuilder {
  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private boolean opset21Types;

  OnnxGraphBuilder(String name) {
    graph.setName(name);
  }

  OnnxMl.GraphProto.Builder builder() {
    return graph;
  }

  /** A float32 initializer. */
  String floats(String name, int[] shape, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return initializer(name, TensorProto.DataType.FLOAT_VALUE, shape, raw.array());
  }

  /** A float16 initializer from half-precision bit patterns (low 16 bits of each int). */
  String halves(String name, int[] shape, int[] bits) {
    ByteBuffer raw = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int b : bits) {
      raw.putShort((short) b);
    }
    return initializer(name, TensorProto.DataType.FLOAT16_VALUE, shape, raw.array());
  }

  /** An integer initializer in the given container; every value must fit it. */
  String integers(String name, CodeContainer container, int[] shape, int[] values) {
    for (int v : values) {
      if (v < container.min() || v > container.max()) {
        throw new IllegalArgumentException(name + ": value " + v + " does not fit " + container);
      }
    }
    opset21Types |= container.bits() != 8;
    byte[] raw;
    switch (container.bits()) {
      case 4 -> {
        raw = new byte[(values.length + 1) / 2];
        for (int i = 0; i < values.length; i++) {
          raw[i / 2] |= (byte) ((values[i] & 0x0f) << (4 * (i % 2)));
        }
      }
      case 8 -> {
        raw = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
          raw[i] = (byte) values[i];
        }
      }
      case 16 -> {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
          b.putShort((short) v);
        }
        raw = b.array();
      }
      default -> throw new IllegalStateException("no layout for " + container);
    }
    return initializer(name, container.onnxType(), shape, raw);
  }

  /** Whether an initializer holds a type that QDQ has only from opset 21 on: INT4, UINT4, INT16, UINT16. */
  boolean needsOpset21() {
    return opset21Types;
  }

  /** An int32 initializer, for quantized biases. */
  String int32s(String name, int[] shape, int[] values) {
    ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asIntBuffer().put(values);
    return initializer(name, TensorProto.DataType.INT32_VALUE, shape, raw.array());
  }

  /** An int64 vector, for shapes and axes. */
  String int64s(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return initializer(name, TensorProto.DataType.INT64_VALUE, new int[] {values.length}, raw.array());
  }

  private String initializer(String name, int type, int[] shape, byte[] raw) {
    claim(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(raw));
    for (int d : shape) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a node with one output and returns the output's name. */
  String node(String opType, String output, List<String> inputs, AttributeProto... attributes) {
    claim(output);
    OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(output + "_node").addOutput(output);
    inputs.forEach(n::addInput);
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return output;
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException("tensor name " + name + " is used twice in graph " + graph.getName());
    }
  }

  static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto intsAttribute(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto floatAttribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  /** A float32 tensor of fixed dimensions, except where a dimension is a name (a symbolic size). */
  static OnnxMl.ValueInfoProto floatValue(String name, String doc, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String symbol) {
        dim.setDimParam(symbol);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setDocString(doc)
        .setType(OnnxMl.TypeProto.newBuilder()
            .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
        .build();
  }
}
