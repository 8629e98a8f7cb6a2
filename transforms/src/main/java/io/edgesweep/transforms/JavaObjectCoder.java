package io.edgesweep.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Java serialization for the sweep's task and result records, resolving classes through the
 * loader that loaded the record type.
 *
 * <p>Beam's {@code SerializableCoder} reads with a plain {@code ObjectInputStream}, which resolves
 * classes through Beam's own class loader. On a Flink cluster whose TaskManagers have Beam on
 * their class path and receive edgesweep's classes in the job jar, that loader cannot see the
 * records and decoding fails with ClassNotFoundException. This coder asks the loader of its
 * record type, which is the job's, and falls back to the thread's context loader.
 */
public final class JavaObjectCoder<T extends Serializable> extends CustomCoder<T> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;

  private JavaObjectCoder(Class<T> type) {
    this.type = type;
  }

  public static <T extends Serializable> JavaObjectCoder<T> of(Class<T> type) {
    return new JavaObjectCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream outStream) throws IOException {
    ObjectOutputStream out = new ObjectOutputStream(outStream);
    out.writeObject(value);
    out.flush();
  }

  @Override
  public T decode(InputStream inStream) throws IOException {
    try {
      ObjectInputStream in = new ObjectInputStream(inStream) {
        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
          try {
            return Class.forName(desc.getName(), false, type.getClassLoader());
          } catch (ClassNotFoundException e) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
              return Class.forName(desc.getName(), false, context);
            }
            return super.resolveClass(desc);
          }
        }
      };
      return type.cast(in.readObject());
    } catch (ClassNotFoundException e) {
      throw new CoderException("cannot decode a " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<? extends org.apache.beam.sdk.coders.Coder<?>> getCoderArguments() {
    return List.of();
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "Java serialization is not guaranteed to be deterministic");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JavaObjectCoder<?> o && o.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
