package dev.cellar.daemon.kernel.graalpy;

import org.graalvm.polyglot.Engine;

/**
 * The one GraalPy {@link Engine} of this JVM. Every context (each notebook's kernel, the
 * analyser) shares it, so parsed code and warm-up are paid once per process, not once per
 * notebook (a first context costs seconds, a further one a fraction of a second).
 */
public final class PythonEngine {
    private static volatile Engine shared;

    private PythonEngine() {
    }

    public static Engine shared() {
        Engine engine = shared;
        if (engine == null) {
            synchronized (PythonEngine.class) {
                engine = shared;
                if (engine == null) {
                    engine = Engine.newBuilder("python")
                            .option("engine.WarnInterpreterOnly", "false")
                            .build();
                    shared = engine;
                }
            }
        }
        return engine;
    }
}
