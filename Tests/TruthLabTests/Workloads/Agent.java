package lab;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/** A Java agent that loads classes of its own and watches every class load, as tracing agents do. */
public final class Agent {
    public static void premain(String args, Instrumentation instrumentation) throws Exception {
        int classes = args == null ? 3000 : Integer.parseInt(args);
        long sum = 0;
        for (int i = 0; i < classes; i++) sum += AgentGenerated.make(i).applyAsInt(i);
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                return null;
            }
        });
        if (sum == 42) System.out.println();
    }
}
