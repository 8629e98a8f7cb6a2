package io.edgesweep.pipeline;

import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Parses Beam arguments into {@link SweepOptions}, without building Beam's registry of every
 * options interface on the class path when the sweep does not need it.
 *
 * <p>Why: Beam builds that registry once per JVM, on its first use, from every {@link
 * PipelineOptionsRegistrar} its thread's context class loader finds (Beam core's, the Flink and
 * Direct runners', Google Cloud's: 16 interfaces here), and checks each one against all those
 * before it by generating a proxy class over them: 1.3 s of the main thread at the start of every
 * sweep here, before anything else can happen (docs/performance.md). The registry only serves to
 * parse option names given on the command line: when every argument names a property of {@link
 * SweepOptions} (the sweep's own arguments always do), registering SweepOptions alone parses them
 * the same way, so the registrars are hidden from Beam while it builds the registry (0.6 s instead
 * of 1.3 s). Arguments naming anything else (a user's own Beam options after {@code --}, the Direct
 * runner's {@code --targetParallelism}) get the whole registry, as before. Options are resolved
 * against their interfaces whenever {@code as(...)} is called, registered or not, so the job, the
 * runners and the workers see the same values either way.
 */
final class SweepOptionsParser {
  private static final String REGISTRARS = "META-INF/services/" + PipelineOptionsRegistrar.class.getName();
  private static final Set<String> OWN_PROPERTIES = ownProperties();

  /** Whether Beam's registry now holds SweepOptions' hierarchy only; guarded by the class. */
  private static boolean registryOwnOnly;

  private SweepOptionsParser() {}

  static synchronized SweepOptions parse(String... args) {
    if (Arrays.stream(args).allMatch(SweepOptionsParser::namesOwnProperty)) {
      if (!registryOwnOnly) {
        rebuildRegistryWithRegistrarsHidden();
        registryOwnOnly = true;
      }
    } else if (registryOwnOnly) {
      PipelineOptionsFactory.resetCache(); // the whole registry, with this thread's own class loader
      registryOwnOnly = false;
    }
    PipelineOptionsFactory.register(SweepOptions.class);
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(SweepOptions.class);
  }

  /** Whether an argument is {@code --name} or {@code --name=value} for a property of SweepOptions. */
  static boolean namesOwnProperty(String arg) {
    if (!arg.startsWith("--")) {
      return false;
    }
    int equals = arg.indexOf('=');
    return OWN_PROPERTIES.contains(equals < 0 ? arg.substring(2) : arg.substring(2, equals));
  }

  /**
   * Has Beam build its registry (on first use, or anew) while its registrars are hidden. A registry
   * built before by other code in this JVM is replaced, with the registrations it held: edgesweep
   * registers nothing but SweepOptions, and rebuilding costs a few milliseconds once the classes
   * are loaded.
   */
  private static void rebuildRegistryWithRegistrarsHidden() {
    Thread thread = Thread.currentThread();
    ClassLoader own = thread.getContextClassLoader();
    thread.setContextClassLoader(new RegistrarsHidden(own != null ? own : SweepOptionsParser.class.getClassLoader()));
    try {
      PipelineOptionsFactory.resetCache();
    } finally {
      thread.setContextClassLoader(own);
    }
  }

  private static Set<String> ownProperties() {
    Set<String> names = new TreeSet<>();
    for (Method method : SweepOptions.class.getMethods()) {
      String name = method.getName();
      if (method.getParameterCount() == 0 && PipelineOptions.class.isAssignableFrom(method.getDeclaringClass())) {
        if (name.startsWith("get") && name.length() > 3) {
          names.add(Introspector.decapitalize(name.substring(3)));
        } else if (name.startsWith("is") && name.length() > 2) {
          names.add(Introspector.decapitalize(name.substring(2)));
        }
      }
    }
    return Collections.unmodifiableSet(names);
  }

  /** A class loader that finds everything its parent does except Beam's options registrars. */
  private static final class RegistrarsHidden extends ClassLoader {
    RegistrarsHidden(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.equals(REGISTRARS) ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
