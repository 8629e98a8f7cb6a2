package io.edgesweep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;
import org.junit.jupiter.api.Test;

/** Flink takes its RPC system from the class path through edgesweep's loader, and falls back where it is absent. */
class ClassPathRpcSystemLoaderTest {
  @Test
  void flinkLoadsPekkoFromTheClassPathNotFromATemporaryCopy() throws Exception {
    try (RpcSystem system = RpcSystem.load(new Configuration())) {
      // Flink's own loader would give a class of its submodule class loader, a copy of the jar in a temporary folder.
      assertThat(system.getClass().getName()).isEqualTo("org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem");
      assertThat(system.getClass().getClassLoader()).isSameAs(ClassPathRpcSystemLoader.class.getClassLoader());
      URL jar = system.getClass().getProtectionDomain().getCodeSource().getLocation();
      assertThat(jar.getPath()).contains("flink-rpc-akka-").doesNotContain("flink-rpc-akka-loader");
    }
  }

  @Test
  void withoutTheJarItFailsSoThatFlinksOwnLoaderTakesOver() throws Exception {
    // A class loader that sees the loader class and Flink's interfaces, but no RpcSystem service.
    URL classes = ClassPathRpcSystemLoader.class.getProtectionDomain().getCodeSource().getLocation();
    URL rpcCore = RpcSystem.class.getProtectionDomain().getCodeSource().getLocation();
    URL core = Configuration.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes, rpcCore, core}, ClassLoader.getPlatformClassLoader())) {
      Class<?> loaderClass = isolated.loadClass(ClassPathRpcSystemLoader.class.getName());
      Object loader = loaderClass.getConstructor().newInstance();
      Class<?> configClass = isolated.loadClass(Configuration.class.getName());
      assertThatThrownBy(() -> {
        try {
          loaderClass.getMethod("loadRpcSystem", configClass).invoke(loader, (Object) null); // the loader reads no setting
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause();
        }
      }).isInstanceOf(isolated.loadClass(RpcLoaderException.class.getName())).hasMessageContaining("Flink's own loader takes over");
    }
  }
}
